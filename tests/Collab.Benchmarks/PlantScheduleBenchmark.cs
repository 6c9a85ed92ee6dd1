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
/// [--no-collab] [--cpsat-no-hint] [--cpsat-no-horizon] [--cpsat-no-domains] [--cpsat-full-circuit N=40] [--cpsat-window K=12 (6 from 1,000 ops)]
/// [--cpsat-params "proto text parameters"]
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
        var cp = new CpSatOptions();
        var collab = true;
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
                case "--no-collab": collab = false; break;
                case "--cpsat-no-hint": cp = cp with { Hint = false }; break;
                case "--cpsat-no-horizon": cp = cp with { Horizon = false }; break;
                case "--cpsat-no-domains": cp = cp with { Domains = false }; break;
                case "--cpsat-full-circuit": cp = cp with { FullCircuit = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                case "--cpsat-window": cp = cp with { Window = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                case "--cpsat-params": cp = cp with { Parameters = args[++i] }; break;
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
        Console.WriteLine($"Plant schedule benchmark: Collab vs CP-SAT (OR-Tools 9.15), {workers} workers, seed {seed}, load average {BenchMachine.LoadAverage()}");
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
                var c = collab ? RunCollab(problem, box, seed) : null;
                if (c is not null) failures += Print(name, problem, box, "collab", c);
                if (cpsat)
                {
                    var s = RunCpSat(problem, box, workers, seed, cp);
                    failures += Print(name, problem, box, "cp-sat", s);
                    if (c?.Result is not null && s.Result is not null)
                    {
                        var gap = s.Result.Objective.WeightedTardiness <= 0 ? (c.Result.Objective.WeightedTardiness <= 0 ? 0 : double.PositiveInfinity)
                            : 100 * (c.Result.Objective.WeightedTardiness - s.Result.Objective.WeightedTardiness) / s.Result.Objective.WeightedTardiness;
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"",35}  Collab vs CP-SAT weighted tardiness {gap:+0.0;-0.0;0.0} %"));
                    }
                }
            }
        }

        Console.WriteLine($"load average at the end {BenchMachine.LoadAverage()}");
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
    /// CP-SAT model of the engine's semantics for what the generated problems and the demo use: one machine per
    /// operation among its workstation's identical machines (optional intervals), the machine busy over
    /// [setup start, end); a non-interruptible operation (setup + work) inside one availability interval, an
    /// interruptible one lengthened by every break it spans; family setups by a circuit per machine (first operation:
    /// no setup); precedences from the setup start (material first) with transfer delays; releases and "now";
    /// in-progress / pinned / frozen operations at their fixed start. Objective: weighted tardiness (weights × 100,
    /// integral) × 1000 + makespan.
    /// <para>To make it a strong baseline rather than a model that never leaves presolve:</para>
    /// <list type="bullet">
    /// <item>it starts from Collab's instant EDD plan (computed inside CP-SAT's time box) as a <b>complete solution
    /// hint</b> (every variable, circuit arcs included), so its first solution is the EDD plan and its LNS workers improve
    /// from there;</item>
    /// <item>the <b>horizon</b> is the EDD plan's end plus half its span (instead of the calendar's end), which shrinks
    /// every domain, the breaks an interruptible operation may span and the tardiness bounds;</item>
    /// <item>non-interruptible operations get their "inside one open interval" rule as <b>domains</b> of the setup
    /// start and the end (exact when every break on the workstation is longer than setup + work; otherwise the breaks
    /// are added as fixed intervals as before);</item>
    /// <item>on machines with more than <c>fullCircuit</c> candidate operations, the setup circuit keeps the arcs
    /// between operations at most <c>window</c> places apart in the EDD plan's order on the workstation (plus the EDD
    /// plan's own arcs) instead of all n² arcs. This restricts CP-SAT's search space (an operation can move at most
    /// about <c>window</c> places from its EDD neighbours on a machine with setups); it is not a relaxation, so every
    /// CP-SAT schedule is still a valid one;</item>
    /// <item>tardiness only on each order's last operations (no max constraint), makespan as a lower-bounded
    /// variable.</item>
    /// </list>
    /// </summary>
    private static Outcome RunCpSat(SchedulingProblem problem, double seconds, int workers, int seed, CpSatOptions opt)
    {
        var watch = Stopwatch.StartNew();
        var model = new CpModel();
        var ops = problem.Operations;
        var n = ops.Count;
        var wsById = problem.Workstations.Select((w, i) => (w, i)).ToDictionary(x => x.w.Id, x => x.i);
        var orderById = problem.Orders.ToDictionary(o => o.Id);
        var opIndex = ops.Select((o, i) => (o, i)).ToDictionary(x => x.o.Id, x => x.i);
        var calendars = problem.Workstations.Select(w => w.EffectiveCalendar.Intervals).ToArray();

        // The hint: Collab's instant EDD plan.
        var edd = Scheduler.Plan(problem);
        var h = new OperationAssignment[n];
        foreach (var a in edd.Assignments) h[opIndex[a.OperationId]] = a;
        var eddEnd = edd.Assignments.Count == 0 ? problem.Now : edd.Assignments.Max(a => a.End);
        var horizon = opt.Horizon ? eddEnd + Math.Max(24 * 60, (eddEnd - problem.Now) / 2) : calendars.Max(c => c[^1].End);
        horizon = Math.Min(horizon, problem.Now + 10_000_000);
        var hints = new List<(IntVar Var, long Value)>();

        BoolVar Bool(long hint)
        {
            var b = model.NewBoolVar("");
            hints.Add((b, hint));
            return b;
        }

        var ss = new IntVar[n];
        var end = new IntVar[n];
        var onMachine = new List<(int Machine, BoolVar Lit)>[n];
        var perMachine = new Dictionary<(int Ws, int M), List<(int Op, BoolVar Lit, IntervalVar Interval)>>();
        var needBreaks = new HashSet<int>();
        var earliest = new long[n];
        for (var o = 0; o < n; o++)
        {
            var op = ops[o];
            var w = wsById[op.WorkstationId];
            var ws = problem.Workstations[w];
            var cal = calendars[w];
            var order = orderById[op.OrderId];
            var release = Math.Max(problem.Now, Math.Max(op.Release ?? long.MinValue, order.Release ?? long.MinValue));
            long maxSetup = MaxSetupInto(ws.EffectiveSetups, op.SetupFamily);
            if (op.Fix is { } fix)
            {
                var s0 = fix.Start;
                var e0 = fix.Kind == FixKind.InProgress
                    ? ws.EffectiveCalendar.PlaceForward(Math.Max(problem.Now, fix.Start), op.Duration, true)?.End ?? Math.Max(problem.Now, fix.Start) + op.Duration
                    : ws.EffectiveCalendar.PlaceForward(fix.Start, op.Duration, op.Interruptible)?.End ?? fix.Start + op.Duration;
                ss[o] = model.NewIntVar(Math.Min(h[o].SetupStart, s0 - maxSetup), Math.Max(h[o].SetupStart, s0), $"ss{o}");
                end[o] = model.NewIntVar(Math.Min(e0, h[o].End), Math.Max(e0, h[o].End), $"e{o}");
            }
            else
            {
                var lo = Math.Min(release, h[o].SetupStart);
                var hi = Math.Max(horizon, h[o].End);
                long[][] ssDom, endDom;
                if (!op.Interruptible && opt.Domains)
                {
                    // Setup + work inside one open interval: the setup start at most (interval end − work), the end at least (interval start + work).
                    var open = cal.Where(i => i.End > lo && i.Start < hi).Select(i => (S: Math.Max(i.Start, lo), E: Math.Min(i.End, hi))).ToList();
                    ssDom = open.Where(i => i.E - op.Duration >= i.S).Select(i => new[] { i.S, i.E - op.Duration }).ToArray();
                    endDom = open.Where(i => i.E - op.Duration >= i.S).Select(i => new[] { i.S + op.Duration, i.E }).ToArray();
                    var shortest = long.MaxValue;
                    for (var k = 0; k + 1 < cal.Count; k++)
                    {
                        if (cal[k + 1].Start > lo && cal[k].End < hi) shortest = Math.Min(shortest, cal[k + 1].Start - cal[k].End);
                    }

                    if (shortest <= op.Duration + maxSetup) needBreaks.Add(o);
                }
                else
                {
                    ssDom = cal.Where(i => i.End > lo && i.Start < hi).Select(i => new[] { Math.Max(i.Start, lo), Math.Min(i.End, hi) - 1 }).Where(x => x[1] >= x[0]).ToArray();
                    endDom = [[lo, hi]];
                    if (!op.Interruptible) needBreaks.Add(o);
                }

                earliest[o] = ssDom.Length > 0 ? ssDom[0][0] : lo;
                ss[o] = model.NewIntVarFromDomain(Google.OrTools.Util.Domain.FromIntervals(ssDom.Length > 0 ? ssDom : [[lo, lo]]), $"ss{o}");
                end[o] = model.NewIntVarFromDomain(Google.OrTools.Util.Domain.FromIntervals(endDom.Length > 0 ? endDom : [[lo, lo]]), $"e{o}");
            }

            hints.Add((ss[o], h[o].SetupStart));
            hints.Add((end[o], h[o].End));

            // CP-SAT intervals take one variable as size: occupancy = end − setup start.
            var size = model.NewIntVar(0, horizon, $"d{o}");
            hints.Add((size, h[o].End - h[o].SetupStart));
            model.Add(size == end[o] - ss[o]);
            onMachine[o] = [];
            var machines = op.Fix?.Machine is int fm ? [fm] : Enumerable.Range(0, ws.MachineCount).ToArray();
            foreach (var m in machines)
            {
                var lit = Bool(h[o].Machine == m ? 1 : 0);
                if (machines.Length == 1) model.Add(lit == 1);
                var interval = model.NewOptionalIntervalVar(ss[o], size, end[o], lit, $"i{o}_{m}");
                onMachine[o].Add((m, lit));
                if (!perMachine.TryGetValue((w, m), out var list)) perMachine[(w, m)] = list = [];
                list.Add((o, lit, interval));
            }

            model.AddExactlyOne(onMachine[o].Select(x => (ILiteral)x.Lit));
        }

        // Setups: a circuit per machine where the workstation has a setup matrix and families; otherwise none.
        var setupTerms = Enumerable.Range(0, n).Select(_ => new List<(BoolVar Lit, long Setup)>()).ToArray();
        var arcCount = 0L;
        var window = opt.WindowFor(n);
        foreach (var ((w, m), list) in perMachine)
        {
            var ws = problem.Workstations[w];
            var setups = ws.EffectiveSetups;
            var hasSetups = list.Any(x => ops[x.Op].SetupFamily is not null) && (setups.DefaultChangeover > 0 || setups.Pairs is { Count: > 0 });
            if (!hasSetups) continue;

            // The EDD plan's sequence on this machine (its arcs are always kept), and every candidate's rank on the workstation.
            var onThis = list.Select((x, k) => k).Where(k => h[list[k].Op].Machine == m).OrderBy(k => h[list[k].Op].SetupStart).ThenBy(k => h[list[k].Op].End).ToList();
            var rank = list.Select((x, k) => k).OrderBy(k => h[list[k].Op].SetupStart).ThenBy(k => list[k].Op).Select((k, r) => (k, r)).ToDictionary(x => x.k, x => x.r);
            var next = new int[list.Count];
            Array.Fill(next, -2);
            for (var i = 0; i < onThis.Count; i++) next[onThis[i]] = i + 1 < onThis.Count ? onThis[i + 1] : -1;
            var firstHint = onThis.Count > 0 ? onThis[0] : -1;
            var full = list.Count <= opt.FullCircuit;

            var circuit = model.AddCircuit();
            for (var a = 0; a < list.Count; a++)
            {
                var (oa, la, _) = list[a];
                circuit.AddArc(a + 1, a + 1, la.Not());
                circuit.AddArc(0, a + 1, Bool(firstHint == a ? 1 : 0));
                circuit.AddArc(a + 1, 0, Bool(next[a] == -1 ? 1 : 0));
                for (var b = 0; b < list.Count; b++)
                {
                    if (a == b) continue;
                    if (!full && Math.Abs(rank[a] - rank[b]) > window && next[a] != b) continue;
                    var (ob, _, _) = list[b];
                    var arc = Bool(next[a] == b ? 1 : 0);
                    arcCount++;
                    circuit.AddArc(a + 1, b + 1, arc);
                    var su = setups.Get(ops[oa].SetupFamily, ops[ob].SetupFamily);
                    model.Add(ss[ob] >= end[oa]).OnlyEnforceIf(arc);
                    if (su > 0) setupTerms[ob].Add((arc, su));
                }
            }

            circuit.AddArc(0, 0, Bool(onThis.Count == 0 ? 1 : 0)); // empty machine
        }

        // Machine occupancy: [setup start, end) = setup + work (+ breaks spanned when interruptible).
        var setupIn = new LinearExpr[n];
        for (var o = 0; o < n; o++)
        {
            var op = ops[o];
            var w = wsById[op.WorkstationId];
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
            // Only the breaks between the operation's earliest start and the horizon.
            var cal = calendars[w];
            var lo = earliest[o];
            var hs = h[o].SetupStart;
            var he = h[o].End;
            var spanned = new List<(BoolVar, long)>();
            for (var k = 0; k + 1 < cal.Count; k++)
            {
                var (bs, be) = (cal[k].End, cal[k + 1].Start);
                if (be <= lo || bs >= horizon) continue;
                var x = Bool(hs < bs && he > be ? 1 : 0);
                var after = Bool(hs >= be ? 1 : 0);
                model.Add(ss[o] < bs).OnlyEnforceIf(x);
                model.Add(end[o] > be).OnlyEnforceIf(x);
                model.Add(ss[o] >= be).OnlyEnforceIf(after);
                model.Add(end[o] <= bs).OnlyEnforceIf([x.Not(), after.Not()]);
                model.AddImplication(x, after.Not());
                spanned.Add((x, be - bs));
            }

            model.Add(end[o] - ss[o] == setup + op.Duration + (spanned.Count == 0 ? LinearExpr.Constant(0) : LinearExpr.WeightedSum(spanned.Select(s => (IntVar)s.Item1), spanned.Select(s => s.Item2))));
        }

        // No overlap per machine; the breaks as fixed intervals only for the non-interruptible operations whose domains
        // cannot express "inside one open interval" (a break shorter than setup + work).
        foreach (var ((w, m), list) in perMachine)
        {
            var cal = calendars[w];
            model.AddNoOverlap(list.Select(x => x.Interval));
            var intervals = list.Where(x => needBreaks.Contains(x.Op) && ops[x.Op].Fix is null).Select(x => x.Interval).ToList();
            if (intervals.Count == 0) continue;
            var breaks = new List<IntervalVar>();
            for (var k = 0; k + 1 < cal.Count; k++)
            {
                if (cal[k + 1].Start > problem.Now && cal[k].End < horizon) breaks.Add(model.NewFixedSizeIntervalVar(cal[k].End, cal[k + 1].Start - cal[k].End, ""));
            }

            model.AddNoOverlap([.. intervals, .. breaks]);
        }

        // Precedences: the successor's setup starts once the material is there (engine convention).
        var hasSuccessorInOrder = new bool[n];
        for (var o = 0; o < n; o++)
        {
            foreach (var pr in ops[o].Predecessors)
            {
                var p = opIndex[pr.PredecessorId];
                if (ops[p].OrderId == ops[o].OrderId) hasSuccessorInOrder[p] = true;
                if (ops[o].Fix is not null) continue;
                if (pr.TransferFraction < 1) throw new NotSupportedException("transfer batches are not in the CP-SAT reference model");
                model.Add(ss[o] >= end[p] + pr.MinDelay);
            }
        }

        // Objective: weighted tardiness (weights × 100) × 1000 + makespan. Tardiness ≥ end − due for each last operation.
        var objective = new List<(IntVar, long)>();
        long lateHint = 0;
        foreach (var order in problem.Orders)
        {
            var mine = Enumerable.Range(0, n).Where(o => ops[o].OrderId == order.Id && !hasSuccessorInOrder[o]).ToList();
            if (mine.Count == 0) continue;
            var hintT = Math.Max(0, mine.Max(o => h[o].End) - order.Due);
            var t = model.NewIntVar(0, Math.Max(hintT, Math.Max(0, horizon - order.Due)), "");
            hints.Add((t, hintT));
            foreach (var o in mine) model.Add(t >= end[o] - order.Due);
            var weight = (long)Math.Round(order.Weight * 100);
            objective.Add((t, weight * 1000));
            lateHint += weight * 1000 * hintT;
        }

        var makespan = model.NewIntVar(problem.Now, Math.Max(horizon, eddEnd), "");
        hints.Add((makespan, eddEnd));
        for (var o = 0; o < n; o++) model.Add(makespan >= end[o]);
        objective.Add((makespan, 1));
        model.Minimize(LinearExpr.WeightedSum(objective.Select(t => t.Item1), objective.Select(t => t.Item2)));
        if (opt.Hint)
        {
            foreach (var (v, value) in hints) model.AddHint(v, value);
        }

        var remaining = Math.Max(0.1, seconds - watch.Elapsed.TotalSeconds);
        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture, $"max_time_in_seconds:{remaining:0.###} num_workers:{workers} random_seed:{seed} {opt.ParametersFor(n)}"),
        };
        var built = watch.Elapsed.TotalSeconds;
        var callback = new FirstSolution(watch);
        var status = solver.Solve(model, callback);
        var info = string.Create(CultureInfo.InvariantCulture, $"{status}, built {built:0.0} s, {arcCount} arcs, {model.Model.Variables.Count} vars");
        if (status == CpSolverStatus.ModelInvalid) return new Outcome(null, -1, "ModelInvalid: " + model.Validate());
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible)) return new Outcome(null, -1, info);

        var assignments = new List<OperationAssignment>();
        for (var o = 0; o < n; o++)
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

        return new Outcome(Scheduler.Evaluate(problem, assignments), callback.First, info);
    }

    /// <summary>Model switches (all on by default) for the ablation runs written in docs/scheduling.md.</summary>
    private sealed record CpSatOptions(bool Hint = true, bool Horizon = true, bool Domains = true, int FullCircuit = 40, int Window = 12, string? Parameters = null)
    {
        /// <summary>
        /// Search parameters chosen by measurement on gen-200 / gen-2000 (docs/scheduling.md): no probing, symmetry or LP
        /// linearisation (the presolve and the root LP ate the time box); from 1,000 operations no presolve at all (it did
        /// not finish in 30 s on 2,000 operations) and both workers on LNS (the full-problem worker spent the whole box in
        /// its initial propagation).
        /// </summary>
        public string ParametersFor(int operations) => Parameters ?? (operations >= 1000
            ? "cp_model_presolve:false linearization_level:0 use_lns_only:true"
            : "cp_model_probing_level:0 symmetry_level:0 linearization_level:0");

        public int WindowFor(int operations) => operations >= 1000 ? Math.Min(Window, 6) : Window;
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
}
