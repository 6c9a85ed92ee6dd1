using System.Diagnostics;
using Collab.Planning.Scheduling;
using Collab.Planning.Scheduling.Plant;

namespace Collab.Benchmarks;

/// <summary>
/// The engine's part of a Gantt move, pure (no grain, no storage): a generated plant problem of <c>ops</c> operations on
/// <c>workstations</c> workstations, planned by rule, then <c>moves</c> successive moves (each one the schedule the
/// previous left) of a movable operation one day later, pinned, as the schedule grain asks (`Scheduler.Repair`), and
/// the re-analysis of a stored schedule (`Scheduler.Evaluate`, what a load or a re-dated input costs).
/// <c>schedule-move [ops=4500] [workstations=100] [moves=100]</c>.
/// </summary>
internal static class ScheduleMoveBenchmark
{
    public static int Run(string[] args)
    {
        var ops = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 4500;
        var workstations = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100;
        var moves = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100;
        var problem = PlantProblemGenerator.Generate(new PlantGeneratorOptions(ops, workstations, 3, 1));
        var watch = Stopwatch.StartNew();
        var schedule = Scheduler.Plan(problem, new ScheduleOptions());
        Console.WriteLine($"schedule-move: {problem.Operations.Count} operations, {problem.Workstations.Count} workstations, {problem.Orders.Count} orders; plan by rule {watch.ElapsedMilliseconds} ms; load {BenchMachine.LoadAverage()}");

        var evaluate = new List<double>();
        for (var k = 0; k < 10; k++)
        {
            watch.Restart();
            Scheduler.Evaluate(problem, schedule.Assignments);
            evaluate.Add(watch.Elapsed.TotalMilliseconds);
        }

        var rng = new Random(1);
        var repair = new List<double>();
        var shifted = new List<double>();
        for (var k = 0; k < moves; k++)
        {
            var a = schedule.Assignments[rng.Next(schedule.Assignments.Count)];
            var op = problem.Operations.First(o => o.Id == a.OperationId);
            if (op.Fix is not null)
            {
                continue;
            }

            watch.Restart();
            var result = Scheduler.Repair(problem, schedule, a.OperationId, a.Start + 24 * 60);
            repair.Add(watch.Elapsed.TotalMilliseconds);
            if (result.Applied)
            {
                (problem, schedule) = (result.Problem, result.Schedule);
                shifted.Add(result.MovedOperationIds.Count);
            }
        }

        Console.WriteLine($"evaluate (re-analysis of a stored schedule), 10 runs: {Percentiles.Line(evaluate)}");
        Console.WriteLine($"repair (one move, pinned), {repair.Count} moves ({shifted.Count} applied): {Percentiles.Line(repair)}; operations shifted p50 {Percentiles.P(shifted, 0.5)}, max {shifted.DefaultIfEmpty().Max()}");
        var violations = ScheduleValidator.Validate(problem, schedule, excuseReportedConflicts: true);
        Console.WriteLine($"valid (reported conflicts excused): {(violations.Count == 0 ? "yes" : $"no, {violations.Count}: {string.Join(" | ", violations.Take(3))}")}; load {BenchMachine.LoadAverage()}");
        return 0;
    }
}
