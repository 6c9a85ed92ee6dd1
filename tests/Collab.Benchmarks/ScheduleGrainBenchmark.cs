using System.Diagnostics;
using Collab.Contracts.Scheduling;
using Collab.Grains.Demo;
using Collab.Infrastructure.Serialization;
using Orleans.TestingHost;

namespace Collab.Benchmarks;

/// <summary>
/// The demo plant's MOs scheduled end to end through the schedule grain (2-silo in-process cluster, memory storage):
/// first schedule (gather MOs/workstations/supply → instant plan → store → write slots back to every MO → publish),
/// a re-plan, moves (gather → repair → store → write back to the changed MOs → publish) and a time-boxed optimisation.
/// </summary>
public static class ScheduleGrainBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        var moves = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 30;
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCollabSerialization();
            silo.AddMemoryGrainStorageAsDefault();
        });
        builder.ConfigureClient(client => client.Services.AddCollabSerialization());
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var grains = cluster.Client;
        var today = DateOnly.FromDateTime(DateTime.Now);
        await DemoPlant.SeedAsync(grains, today);
        var schedule = grains.GetGrain<IScheduleGrain>(DemoPlant.Site);

        var watch = Stopwatch.StartNew();
        var view = await schedule.GetAsync();
        var first = watch.Elapsed.TotalMilliseconds;
        Console.WriteLine($"Schedule grain benchmark: demo plant, {view.Orders.Count} MOs, {view.Operations.Count} operations, {view.Lanes.Count} machine rows");
        Console.WriteLine($"first schedule (gather + EDD plan + store + write back to {view.Orders.Count} MOs + publish) {first,8:0.0} ms");

        var replans = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            watch.Restart();
            view = await schedule.ReplanAsync(SchedulingRule.EarliestDueDate, view.Version, "bench");
            replans.Add(watch.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"re-plan by rule (gather + plan + store + write back + publish)      median {Median(replans),8:0.0} ms");

        var random = new Random(7);
        var times = new List<double>();
        var shifted = new List<int>();
        for (var i = 0; i < moves; i++)
        {
            var candidates = view.Operations.Where(o => !o.InProgress).ToList();
            var op = candidates[random.Next(candidates.Count)];
            watch.Restart();
            var result = await schedule.MoveAsync(op.Id, op.Start.AddHours(8), null, view.Version, "bench");
            times.Add(watch.Elapsed.TotalMilliseconds);
            shifted.Add(result.MovedOperations.Count);
            view = result.Schedule;
        }

        times.Sort();
        Console.WriteLine($"move one operation +8 h (gather + repair + store + write back + publish) median {Median(times),8:0.0} ms  p90 {times[(int)(times.Count * 0.9)]:0.0}  max {times[^1]:0.0}  ({moves} moves, operations shifted median {Median(shifted.Select(x => (double)x).ToList()):0}, max {shifted.Max()})");

        var before = view.Metrics;
        watch.Restart();
        view = await schedule.OptimiseAsync(TimeSpan.FromSeconds(2), view.Version, "bench");
        Console.WriteLine($"optimise (2 s box) {watch.Elapsed.TotalMilliseconds,8:0.0} ms  weighted tardiness {before.WeightedTardinessHours:0.0} h → {view.Metrics.WeightedTardinessHours:0.0} h, late orders {before.LateOrders} → {view.Metrics.LateOrders}, makespan {before.MakespanHours:0} h → {view.Metrics.MakespanHours:0} h");
        var errors = await schedule.ValidateAsync();
        Console.WriteLine($"valid {(errors.Count == 0 ? "yes" : "NO: " + string.Join("; ", errors.Take(3)))}");
        return errors.Count == 0 ? 0 : 1;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
