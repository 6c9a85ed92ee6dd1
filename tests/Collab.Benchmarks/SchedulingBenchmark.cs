using System.Diagnostics;
using System.Globalization;
using Collab.Planning.Scheduling;

namespace Collab.Benchmarks;

/// <summary>
/// Interactive-speed benchmark of the scheduling engine: a plant of 50 workstations (1–3 parallel machines, two
/// 8-hour shifts on weekdays, some closures, sequence-dependent setups) and 400 orders × 5 operations = 2,000
/// operations. Prints the median time of: instant plan by each priority rule, backward plan, incremental repair after
/// moving one operation, plus what a 2-second optimisation achieves. Every schedule is checked by the validator.
/// Usage: scheduling [--orders N] [--workstations W] [--runs R] [--optimise-seconds S]
/// </summary>
public static class SchedulingBenchmark
{
    public static int Run(string[] args)
    {
        var orders = 400;
        var workstations = 50;
        var runs = 15;
        var optimiseSeconds = 2.0;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--orders": orders = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--workstations": workstations = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--optimise-seconds": optimiseSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"scheduling: unknown option {args[i]}");
                    return 2;
            }
        }

        var problem = Plant(orders, workstations, seed: 42);
        Console.WriteLine($"Scheduling benchmark: {problem.Operations.Count} operations, {problem.Orders.Count} orders, {problem.Workstations.Count} workstations ({problem.Workstations.Sum(w => w.MachineCount)} machines), calendars with shifts/weekends/closures, setups; median of {runs} runs");
        var failures = 0;
        ScheduleResult? edd = null;
        foreach (var rule in Enum.GetValues<DispatchRule>())
        {
            var (ms, r) = Measure(runs, () => Scheduler.Plan(problem, new ScheduleOptions(ScheduleMode.Forward, rule)));
            failures += Report($"instant plan, forward {rule}", ms, problem, r, "< 150 ms");
            if (rule == DispatchRule.EarliestDueDate) edd = r;
        }

        var (bms, br) = Measure(runs, () => Scheduler.Plan(problem, new ScheduleOptions(ScheduleMode.Backward)));
        failures += Report("backward (JIT + forward fallback)", bms, problem, br, "");

        // Repair: move an operation from the middle of the plan one shift later (pinned), many different operations.
        var rng = new Random(7);
        var repairTimes = new List<double>();
        var moved = new List<int>();
        var repairFailures = 0;
        Scheduler.Repair(problem, edd!, edd!.Assignments[0].OperationId, edd.Assignments[0].Start + 480, pin: false); // warm-up (JIT)
        for (var k = 0; k < runs * 4; k++)
        {
            var a = edd!.Assignments[rng.Next(edd.Assignments.Count)];
            var sw = Stopwatch.StartNew();
            var rep = Scheduler.Repair(problem, edd, a.OperationId, a.Start + 480, pin: false);
            sw.Stop();
            repairTimes.Add(sw.Elapsed.TotalMilliseconds);
            moved.Add(rep.MovedOperationIds.Count);
            var repErrors = ScheduleValidator.Validate(rep.Problem, rep.Schedule);
            if (repErrors.Count > 0 || rep.Schedule.Conflicts.Count > 0)
            {
                repairFailures++;
                Console.WriteLine($"  repair of {a.OperationId}: {repErrors.Concat(rep.Schedule.Conflicts.Select(c => c.Message)).First()}");
            }
        }

        repairTimes.Sort();
        moved.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"incremental repair (move 1 op +8 h)",-44}{repairTimes[repairTimes.Count / 2],9:F1} ms (p90 {repairTimes[repairTimes.Count * 9 / 10]:F1}, max {repairTimes[^1]:F1}, {repairTimes.Count} moves)  moved ops median {moved[moved.Count / 2]}, max {moved[^1]}  valid {(repairFailures == 0 ? "yes" : "NO " + repairFailures)}  target < 50 ms"));
        failures += repairFailures;

        var improvements = 0;
        var sw2 = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(optimiseSeconds));
        var opt = Scheduler.Optimise(problem, new OptimiseOptions(1), new Progress(() => improvements++), cts.Token);
        failures += Report($"optimise ({optimiseSeconds.ToString(CultureInfo.InvariantCulture)} s budget, {improvements} improvements)", sw2.Elapsed.TotalMilliseconds, problem, opt, "");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"weighted tardiness: EDD {edd!.Objective.WeightedTardiness:F0} → optimised {opt.Objective.WeightedTardiness:F0}; late orders {edd.LateOrders.Count} → {opt.LateOrders.Count}; makespan {edd.Objective.Makespan} → {opt.Objective.Makespan} min"));
        return failures == 0 ? 0 : 1;
    }

    private sealed class Progress(Action onReport) : IProgress<ScheduleProgress>
    {
        public void Report(ScheduleProgress value) => onReport();
    }

    private static (double Ms, ScheduleResult Result) Measure(int runs, Func<ScheduleResult> f)
    {
        var r = f(); // warm-up (JIT)
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            r = f();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], r);
    }

    private static int Report(string what, double ms, SchedulingProblem problem, ScheduleResult r, string target)
    {
        var errors = ScheduleValidator.Validate(problem, r);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-44}{ms,9:F1} ms  late orders {r.LateOrders.Count,4}  weighted tardiness {r.Objective.WeightedTardiness,10:F0}  makespan {r.Objective.Makespan,7}  valid {(errors.Count == 0 && r.Conflicts.Count == 0 ? "yes" : "NO: " + errors.FirstOrDefault())}  {(target.Length > 0 ? "target " + target : "")}"));
        return errors.Count == 0 && r.Conflicts.Count == 0 ? 0 : 1;
    }

    /// <summary>A reproducible synthetic plant (see the class comment).</summary>
    public static SchedulingProblem Plant(int orders, int workstations, int seed)
    {
        var rng = new Random(seed);
        var horizon = 1440L * 365;
        var wss = new List<Workstation>();
        for (var w = 0; w < workstations; w++)
        {
            var closures = w % 5 == 0 ? new[] { new TimeInterval(1440 * (7 + w % 9), 1440 * (8 + w % 9)) } : null;
            var families = Enumerable.Range(0, 4).Select(f => $"F{f}").ToArray();
            var pairs = new Dictionary<(string, string), long>();
            foreach (var a in families)
            {
                foreach (var b in families)
                {
                    if (a != b) pairs[(a, b)] = 10 + rng.Next(40);
                }
            }

            wss.Add(new Workstation($"P{w:D2}", 1 + rng.Next(3),
                WorkCalendar.FromShifts(0, horizon, [(300, 780), (780, 1260)], day => day % 7 < 5, closures),
                new SetupMatrix(30, pairs)));
        }

        var ords = new List<ScheduledOrder>();
        var ops = new List<ScheduledOperation>();
        for (var k = 0; k < orders; k++)
        {
            var id = $"OF{k:D4}";
            ords.Add(new ScheduledOrder(id, 1440L * (3 + rng.Next(40)), 1 + rng.Next(3), rng.Next(4), rng.Next(5) == 0 ? 1440L * rng.Next(10) : null));
            string? prev = null;
            for (var i = 0; i < 5; i++)
            {
                var opId = $"{id}-{(i + 1) * 10}";
                ops.Add(new ScheduledOperation(opId, id, $"P{rng.Next(workstations):D2}", 30 + rng.Next(450))
                {
                    Predecessors = prev is null ? [] : [new Precedence(prev, rng.Next(8) == 0 ? 0.3 : 1.0, rng.Next(6) == 0 ? 120 : 0)],
                    SetupFamily = $"F{rng.Next(4)}",
                    Interruptible = rng.Next(10) != 0,
                });
                prev = opId;
            }
        }

        return new SchedulingProblem(360, wss, ords, ops);
    }
}
