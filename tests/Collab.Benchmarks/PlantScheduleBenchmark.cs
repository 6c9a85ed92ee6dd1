using System.Diagnostics;
using System.Globalization;
using Collab.Contracts.Scheduling;
using Collab.Grains.Demo;
using Collab.Infrastructure.Serialization;
using Collab.Planning.Scheduling;
using Collab.Planning.Scheduling.Plant;
using Google.OrTools.Sat;
using Orleans.TestingHost;

namespace Collab.Benchmarks;

/// <summary>
/// Collab's plant optimiser side by side with an OR-Tools CP-SAT model of the same problem, same wall-clock time box
/// (model building included for CP-SAT), 2 workers: weighted tardiness, late orders, makespan, time to first feasible.
/// Problems: generated (<see cref="PlantProblemGenerator"/>, 3 levels of MO networks) of 200, 2,000 and 10,000
/// operations, and the demo plant (exported by the schedule grain). Every schedule of both solvers is checked by
/// <see cref="ScheduleValidator"/> after re-evaluation by <see cref="Scheduler.Evaluate"/>.
/// Usage: plantschedule [--sizes 200,2000,10000] [--seconds 5,30] [--workers 2] [--seed 1] [--no-demo] [--no-cpsat]
/// </summary>
public static class PlantScheduleBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        int[] sizes = [200, 2000, 10000];
        double[] boxes = [5, 30];
        var workers = 2;
        var seed = 1;
        var demo = true;
        var cpsat = true;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sizes": sizes = [.. args[++i].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))]; break;
                case "--seconds": boxes = [.. args[++i].Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture))]; break;
                case "--workers": workers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--no-demo": demo = false; break;
                case "--no-cpsat": cpsat = false; break;
                default:
                    Console.Error.WriteLine($"plantschedule: unknown option {args[i]}");
                    return 2;
            }
        }

        var problems = new List<(string Name, SchedulingProblem Problem)>();
        foreach (var n in sizes)
        {
            var ws = Math.Clamp(n / 40, 10, 100);
            problems.Add(($"gen-{n}", PlantProblemGenerator.Generate(new PlantGeneratorOptions(n, ws, 3, seed))));
        }

        if (demo) problems.Add(("demo", PlantProblemJson.Read(await DemoProblemAsync())));
        Console.WriteLine($"Plant schedule benchmark: Collab vs CP-SAT (OR-Tools 9.15), {workers} workers, seed {seed}, load average {LoadAverage()}");
        Console.WriteLine("problem       ops  MOs  ws  box s | solver  first s   w.tardiness  late  makespan  valid");
        var failures = 0;
        foreach (var (name, problem) in problems)
        {
            // The instant plan (what the schedule grain computes on first use and on "Recalculer"), median of 5.
            var times = new List<double>();
            ScheduleResult? instant = null;
            for (var k = 0; k < 5; k++)
            {
                var w = Stopwatch.StartNew();
                instant = Scheduler.Plan(problem);
                times.Add(w.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-10} instant plan (EDD) median {times[2]:0.0} ms, max {times[^1]:0.0} ms: weighted tardiness {instant!.Objective.WeightedTardiness:0}, late {instant.Orders.Count(x => x.Tardiness > 0)}, makespan {instant.Objective.Makespan}"));
            foreach (var box in boxes)
            {
                var c = RunCollab(problem, box, seed);
                failures += Print(name, problem, box, "collab", c);
                if (cpsat)
                {
                    var s = RunCpSat(problem, box, workers, seed);
                    failures += Print(name, problem, box, "cp-sat", s);
                    if (c.Result is not null && s.Result is not null)
                    {
                        var gap = s.Result.Objective.WeightedTardiness <= 0 ? (c.Result.Objective.WeightedTardiness <= 0 ? 0 : double.PositiveInfinity)
                            : 100 * (c.Result.Objective.WeightedTardiness - s.Result.Objective.WeightedTardiness) / s.Result.Objective.WeightedTardiness;
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"",35}  Collab vs CP-SAT weighted tardiness {gap:+0.0;-0.0;0.0} %"));
                    }
                }
            }
        }

        Console.WriteLine($"load average at the end {LoadAverage()}");
        return failures == 0 ? 0 : 1;
    }

    private sealed record Outcome(ScheduleResult? Result, double FirstFeasible, string Status);

    private static int Print(string name, SchedulingProblem p, double box, string solver, Outcome o)
    {
        if (o.Result is null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-10} {p.Operations.Count,6} {p.Orders.Count,4} {p.Workstations.Count,3} {box,6:0} | {solver,-6} {"—",8}   no solution ({o.Status})"));
            return 0;
        }

        var r = o.Result;
        var errors = ScheduleValidator.Validate(p, r, excuseReportedConflicts: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-10} {p.Operations.Count,6} {p.Orders.Count,4} {p.Workstations.Count,3} {box,6:0} | {solver,-6} {o.FirstFeasible,8:0.00} {r.Objective.WeightedTardiness,13:0} {r.Orders.Count(x => x.Tardiness > 0),5} {r.Objective.Makespan,9}  {(errors.Count == 0 ? "yes" : "NO " + errors[0])}  {o.Status}"));
        return errors.Count == 0 ? 0 : 1;
    }

    private static Outcome RunCollab(SchedulingProblem problem, double seconds, int seed)
    {
        var watch = Stopwatch.StartNew();
        double first = -1;
        var progress = new SyncProgress(_ =>
        {
            if (first < 0) first = watch.Elapsed.TotalSeconds;
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var result = Scheduler.Optimise(problem, new OptimiseOptions(seed), progress, cts.Token);
        return new Outcome(result, first < 0 ? watch.Elapsed.TotalSeconds : first, "");
    }

    private sealed class SyncProgress(Action<ScheduleProgress> report) : IProgress<ScheduleProgress>
    {
        public void Report(ScheduleProgress value) => report(value);
    }

    // ───────────────────────── CP-SAT model of the same problem ─────────────────────────

    private sealed class FirstSolution(Stopwatch watch) : CpSolverSolutionCallback
    {
        public double First { get; private set; } = -1;

        public override void OnSolutionCallback()
        {
            if (First < 0) First = watch.Elapsed.TotalSeconds;
        }
    }

    /// <summary>
    /// Exact CP-SAT model of the engine's semantics for what the generated problems and the demo use: one machine per
    /// operation among its workstation's identical machines (optional intervals), the machine busy over
    /// [setup start, end) which may not overlap the calendar's breaks (non-interruptible: setup + work inside one
    /// availability interval) or, for interruptible operations, lengthened by every break it spans; family setups
    /// by a circuit per machine (first operation: no setup); precedences from the setup start (material first) with
    /// transfer delays; releases and "now"; in-progress / pinned / frozen operations at their fixed start. Objective:
    /// weighted tardiness (weights × 100, integral), then makespan as a small tie-break.
    /// </summary>
    private static Outcome RunCpSat(SchedulingProblem problem, double seconds, int workers, int seed)
    {
        var watch = Stopwatch.StartNew();
        var model = new CpModel();
        var ops = problem.Operations;
        var wsById = problem.Workstations.Select((w, i) => (w, i)).ToDictionary(x => x.w.Id, x => x.i);
        var orderById = problem.Orders.ToDictionary(o => o.Id);
        var horizon = problem.Workstations.Max(w => w.EffectiveCalendar.Intervals[^1].End);
        horizon = Math.Min(horizon, problem.Now + 10_000_000);
        var opIndex = ops.Select((o, i) => (o, i)).ToDictionary(x => x.o.Id, x => x.i);
        var ss = new IntVar[ops.Count];
        var end = new IntVar[ops.Count];
        var setupIn = new LinearExpr[ops.Count];
        var onMachine = new List<(int Machine, BoolVar Lit)>[ops.Count];
        var perMachine = new Dictionary<(int Ws, int M), List<(int Op, BoolVar Lit, IntervalVar Interval)>>();
        for (var o = 0; o < ops.Count; o++)
        {
            var op = ops[o];
            var w = wsById[op.WorkstationId];
            var ws = problem.Workstations[w];
            var cal = ws.EffectiveCalendar;
            var order = orderById[op.OrderId];
            var release = Math.Max(problem.Now, Math.Max(op.Release ?? long.MinValue, order.Release ?? long.MinValue));
            var open = cal.Intervals.Where(i => i.End > release && i.Start < horizon).Select(i => new[] { Math.Max(i.Start, release), Math.Min(i.End, horizon) - 1 }).Where(x => x[1] >= x[0]).ToArray();
            long maxSetup = MaxSetupInto(ws.EffectiveSetups, op.SetupFamily);
            if (op.Fix is { } fix)
            {
                var s0 = fix.Start;
                var e0 = fix.Kind == FixKind.InProgress
                    ? cal.PlaceForward(Math.Max(problem.Now, fix.Start), op.Duration, true)?.End ?? Math.Max(problem.Now, fix.Start) + op.Duration
                    : cal.PlaceForward(fix.Start, op.Duration, op.Interruptible)?.End ?? fix.Start + op.Duration;
                ss[o] = model.NewIntVar(s0 - maxSetup, s0, $"ss{o}");
                end[o] = model.NewIntVar(e0, e0, $"e{o}");
            }
            else
            {
                ss[o] = model.NewIntVarFromDomain(Google.OrTools.Util.Domain.FromIntervals(open.Length > 0 ? open : [[release, release]]), $"ss{o}");
                end[o] = model.NewIntVar(release, Math.Min(horizon, cal.Intervals[^1].End), $"e{o}");
            }

            // CP-SAT intervals take one variable as size: occupancy = end − setup start.
            var size = model.NewIntVar(0, horizon, $"d{o}");
            model.Add(size == end[o] - ss[o]);
            onMachine[o] = [];
            var machines = op.Fix?.Machine is int fm ? [fm] : Enumerable.Range(0, ws.MachineCount).ToArray();
            foreach (var m in machines)
            {
                var lit = model.NewBoolVar($"x{o}_{m}");
                if (machines.Length == 1) model.Add(lit == 1);
                var interval = model.NewOptionalIntervalVar(ss[o], size, end[o], lit, $"i{o}_{m}");
                onMachine[o].Add((m, lit));
                if (!perMachine.TryGetValue((w, m), out var list)) perMachine[(w, m)] = list = [];
                list.Add((o, lit, interval));
            }

            model.AddExactlyOne(onMachine[o].Select(x => (ILiteral)x.Lit));
        }

        // Setups: a circuit per machine where the workstation has a setup matrix and families; otherwise none.
        for (var o = 0; o < ops.Count; o++) setupIn[o] = LinearExpr.Constant(0);
        var setupTerms = Enumerable.Range(0, ops.Count).Select(_ => new List<(BoolVar Lit, long Setup)>()).ToArray();
        foreach (var ((w, m), list) in perMachine)
        {
            var ws = problem.Workstations[w];
            var setups = ws.EffectiveSetups;
            var hasSetups = list.Any(x => ops[x.Op].SetupFamily is not null) && (setups.DefaultChangeover > 0 || setups.Pairs is { Count: > 0 });
            if (!hasSetups) continue;
            var circuit = model.AddCircuit();
            for (var a = 0; a < list.Count; a++)
            {
                var (oa, la, _) = list[a];
                circuit.AddArc(a + 1, a + 1, la.Not());
                var first = model.NewBoolVar("");
                circuit.AddArc(0, a + 1, first);
                circuit.AddArc(a + 1, 0, model.NewBoolVar(""));
                for (var b = 0; b < list.Count; b++)
                {
                    if (a == b) continue;
                    var (ob, _, _) = list[b];
                    var arc = model.NewBoolVar("");
                    circuit.AddArc(a + 1, b + 1, arc);
                    var su = setups.Get(ops[oa].SetupFamily, ops[ob].SetupFamily);
                    model.Add(ss[ob] >= end[oa]).OnlyEnforceIf(arc);
                    if (su > 0) setupTerms[ob].Add((arc, su));
                }
            }

            circuit.AddArc(0, 0, model.NewBoolVar("")); // empty machine
        }

        // Machine occupancy: [setup start, end) = setup + work (+ breaks spanned when interruptible); no overlap with breaks.
        for (var o = 0; o < ops.Count; o++)
        {
            var op = ops[o];
            var ws = problem.Workstations[wsById[op.WorkstationId]];
            var setup = setupTerms[o].Count == 0 ? LinearExpr.Constant(0) : LinearExpr.WeightedSum(setupTerms[o].Select(t => (IntVar)t.Lit), setupTerms[o].Select(t => t.Setup));
            setupIn[o] = setup;
            if (op.Fix is not null)
            {
                var start = op.Fix.Start;
                model.Add(op.Fix.Kind == FixKind.InProgress ? ss[o] == start : ss[o] == start - setup);
                continue;
            }

            if (!op.Interruptible)
            {
                model.Add(end[o] - ss[o] == setup + op.Duration);
                continue;
            }

            // Interruptible: elapsed = work + setup + breaks spanned; the end is an open instant (or an interval's end).
            var cal = ws.EffectiveCalendar.Intervals;
            var breaks = new List<(long S, long E)>();
            for (var k = 0; k + 1 < cal.Count; k++)
            {
                if (cal[k + 1].Start > problem.Now && cal[k].End < horizon) breaks.Add((cal[k].End, cal[k + 1].Start));
            }

            var spanned = new List<(BoolVar, long)>();
            foreach (var (bs, be) in breaks)
            {
                var x = model.NewBoolVar("");
                var after = model.NewBoolVar("");
                model.Add(ss[o] < bs).OnlyEnforceIf(x);
                model.Add(end[o] > be).OnlyEnforceIf(x);
                model.Add(ss[o] >= be).OnlyEnforceIf(after);
                model.Add(end[o] <= bs).OnlyEnforceIf([x.Not(), after.Not()]);
                model.AddImplication(x, after.Not());
                spanned.Add((x, be - bs));
            }

            model.Add(end[o] - ss[o] == setup + op.Duration + (spanned.Count == 0 ? LinearExpr.Constant(0) : LinearExpr.WeightedSum(spanned.Select(s => (IntVar)s.Item1), spanned.Select(s => s.Item2))));
        }

        // Breaks as fixed intervals on each machine (for non-interruptible operations only: the others span them).
        foreach (var ((w, m), list) in perMachine)
        {
            var cal = problem.Workstations[w].EffectiveCalendar.Intervals;
            var intervals = list.Where(x => !ops[x.Op].Interruptible && ops[x.Op].Fix is null).Select(x => x.Interval).ToList();
            var all = list.Select(x => x.Interval).ToList();
            model.AddNoOverlap(all);
            if (intervals.Count == 0) continue;
            var breaks = new List<IntervalVar>();
            for (var k = 0; k + 1 < cal.Count; k++)
            {
                if (cal[k + 1].Start > problem.Now && cal[k].End < horizon) breaks.Add(model.NewFixedSizeIntervalVar(cal[k].End, cal[k + 1].Start - cal[k].End, ""));
            }

            model.AddNoOverlap([.. intervals, .. breaks]);
        }

        // Precedences: the successor's setup starts once the material is there (engine convention).
        for (var o = 0; o < ops.Count; o++)
        {
            if (ops[o].Fix is not null) continue;
            foreach (var pr in ops[o].Predecessors)
            {
                var p = opIndex[pr.PredecessorId];
                if (pr.TransferFraction < 1) throw new NotSupportedException("transfer batches are not in the CP-SAT reference model");
                model.Add(ss[o] >= end[p] + pr.MinDelay);
            }
        }

        // Objective: weighted tardiness (weights × 100), then makespan.
        var tardiness = new List<(IntVar, long)>();
        foreach (var order in problem.Orders)
        {
            var mine = Enumerable.Range(0, ops.Count).Where(o => ops[o].OrderId == order.Id).ToList();
            if (mine.Count == 0) continue;
            var completion = model.NewIntVar(problem.Now, horizon, "");
            model.AddMaxEquality(completion, mine.Select(o => (LinearExpr)end[o]));
            var t = model.NewIntVar(0, horizon, "");
            model.Add(t >= completion - order.Due);
            tardiness.Add((t, (long)Math.Round(order.Weight * 100)));
        }

        var makespan = model.NewIntVar(problem.Now, horizon, "");
        model.AddMaxEquality(makespan, end.Select(e => (LinearExpr)e));
        model.Minimize(LinearExpr.WeightedSum(tardiness.Select(t => t.Item1), tardiness.Select(t => t.Item2 * 1000)) + makespan);

        var remaining = Math.Max(0.1, seconds - watch.Elapsed.TotalSeconds);
        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture, $"max_time_in_seconds:{remaining:0.###} num_workers:{workers} random_seed:{seed}"),
        };
        var callback = new FirstSolution(watch);
        var status = solver.Solve(model, callback);
        if (status == CpSolverStatus.ModelInvalid) return new Outcome(null, -1, "ModelInvalid: " + model.Validate());
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible)) return new Outcome(null, -1, status.ToString());

        var assignments = new List<OperationAssignment>();
        for (var o = 0; o < ops.Count; o++)
        {
            var op = ops[o];
            var ws = problem.Workstations[wsById[op.WorkstationId]];
            var m = onMachine[o].First(x => solver.BooleanValue(x.Lit)).Machine;
            var s0 = solver.Value(ss[o]);
            var su = solver.Value(setupIn[o]);
            var e0 = solver.Value(end[o]);
            long start;
            if (op.Fix is not null) start = op.Fix.Start;
            else if (su == 0) start = s0;
            else if (!op.Interruptible) start = s0 + su;
            else
            {
                var t = ws.EffectiveCalendar.AdvanceWork(s0, su, true);
                start = op.Duration > 0 ? ws.EffectiveCalendar.NextOpen(t) ?? t : t;
            }

            assignments.Add(new OperationAssignment(op.Id, op.OrderId, op.WorkstationId, m, s0, start, e0));
        }

        return new Outcome(Scheduler.Evaluate(problem, assignments), callback.First, status.ToString());
    }

    private static long MaxSetupInto(SetupMatrix setups, string? family)
    {
        if (family is null) return 0;
        var max = setups.DefaultChangeover;
        foreach (var ((_, to), v) in setups.Pairs ?? new Dictionary<(string, string), long>())
        {
            if (to == family && v > max) max = v;
        }

        return max;
    }

    // ───────────────────────── the demo plant ─────────────────────────

    /// <summary>The demo plant's schedule problem as the schedule grain maps it (2-silo in-process cluster, demo seeded).</summary>
    private static async Task<string> DemoProblemAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCollabSerialization();
            silo.AddMemoryGrainStorageAsDefault();
        });
        builder.ConfigureClient(client => client.Services.AddCollabSerialization());
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        await DemoPlant.SeedAsync(cluster.Client, DateOnly.FromDateTime(DateTime.Now));
        return await cluster.Client.GetGrain<IScheduleGrain>(DemoPlant.Site).ExportProblemAsync();
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
