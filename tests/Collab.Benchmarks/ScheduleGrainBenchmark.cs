using Collab.Domain.Demo;
using System.Diagnostics;
using Collab.Contracts.Scheduling;
using Collab.Grains.Demo;
using Collab.Infrastructure.Serialization;
using Orleans.TestingHost;

namespace Collab.Benchmarks;

/// <summary>
/// The plant's MOs scheduled end to end through the schedule grain (2-silo in-process cluster, memory storage):
/// first schedule (gather MOs/workstations/supply → instant plan → store → publish; the slots written back to every MO
/// after the answer), a re-plan, moves (gather → repair → store → write back to the changed MOs → publish) and a time-boxed optimisation.
/// <c>schedulegrain [moves]</c>: the demo plant. <c>schedulegrain large [moves] [mos] [cos]</c>: the large plant of
/// <see cref="LargePlant"/> (issue #17: 10,000 items, 100 workstations, up to 2,000 open MOs), seeded through the import
/// path without its first MRP run (the schedule does not need it; the run would compete for the CPU while measuring).
/// </summary>
public static class ScheduleGrainBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        var large = args.Length > 0 && args[0] == "large";
        var rest = large ? args[1..] : args;
        var moves = rest.Length > 0 && int.TryParse(rest[0], out var n) ? n : large ? 100 : 30;
        var mos = rest.Length > 1 && int.TryParse(rest[1], out var m) ? m : 2_000;
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCollabSerialization();
            silo.AddMemoryGrainStorageAsDefault();
            // Seeding the large plant (11,000 orders in batches of 500) outlasts the default 30 s on a shared machine.
            silo.Configure<Orleans.Configuration.SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(10));
        });
        builder.ConfigureClient(client =>
        {
            client.Services.AddCollabSerialization();
            client.Configure<Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(10));
        });
        // Cluster mode (--mode cluster [--database NAME]): 2 cluster-mode silos on PostgreSQL (LargePlantSilo); a plant
        // already seeded in that database (e.g. by plan-scale, first plan run included) is used as it is.
        await using var silo = LargePlantSilo.ClusterMode ? await LargePlantSilo.StartAsync() : null;
        await using var cluster = silo is null ? builder.Build() : null;
        await (cluster?.DeployAsync() ?? Task.CompletedTask);
        var grains = silo?.Grains ?? cluster!.Client;
        Console.WriteLine($"{(silo is null ? "2 in-process silos, memory storage" : LargePlantSilo.ModeName)}; load average {BenchMachine.LoadAverage()}");
        var today = DateOnly.FromDateTime(DateTime.Now);
        var watch = Stopwatch.StartNew();
        if (large && (await grains.GetGrain<Collab.Contracts.Sites.ISiteGrain>(DemoPlant.Site).GetInfoAsync()).ItemCount > 0)
        {
            Console.WriteLine("large plant already seeded in this database (its plan run included): used as it is");
        }
        else if (large)
        {
            var cos = rest.Length > 2 && int.TryParse(rest[2], out var c) ? c : 5_000;
            await DemoPlant.SeedLargeAsync(grains, today, new LargePlantOptions(ManufacturingOrders: mos, CustomerOrders: cos), startPlan: false);
        }
        else
        {
            await DemoPlant.SeedAsync(grains, today);
        }

        Console.WriteLine($"seeded in {watch.Elapsed.TotalSeconds:0.0} s");
        var schedule = grains.GetGrain<IScheduleGrain>(DemoPlant.Site);

        // Phases of the first schedule and of each move inside the grain (the silos run in this process): ScheduleGrain.Meter.
        var phases = new Dictionary<string, List<double>>();
        var recording = false;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Collab.Grains.Scheduling.ScheduleGrain.Meter.Name) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            if (!recording) return;
            foreach (var tag in tags)
            {
                if (tag.Key == "phase" && tag.Value is string phase)
                {
                    lock (phases)
                    {
                        (phases.TryGetValue(phase, out var list) ? list : phases[phase] = []).Add(value);
                    }
                }
            }
        });
        listener.Start();
        recording = true;

        watch.Restart();
        var view = await schedule.GetAsync();
        var first = watch.Elapsed.TotalMilliseconds;
        Console.WriteLine($"Schedule grain benchmark: {(large ? "large" : "demo")} plant, {view.Orders.Count} MOs, {view.Operations.Count} operations, {view.Lanes.Count} machine rows, {view.Lanes.Select(l => l.Workstation).Distinct().Count()} workstations");
        Console.WriteLine($"first schedule (gather + EDD plan + store + publish; answered before the MOs' write-back) {first,8:0.0} ms");
        // ValidateAsync waits for the first schedule's write-back to the MOs.
        var validFirst = await schedule.ValidateAsync();
        Console.WriteLine($"  + write-back to {view.Orders.Count} MOs done {watch.Elapsed.TotalMilliseconds,8:0.0} ms after the call (valid {(validFirst.Count == 0 ? "yes" : "NO")})");
        recording = false;
        Console.WriteLine("  first schedule's phases: " + string.Join(", ", phases.Select(p => $"{p.Key} {p.Value.Sum():0} ms")));
        phases.Clear();
        watch.Restart();
        view = await schedule.GetAsync();
        Console.WriteLine($"get (schedule already made)                                       {watch.Elapsed.TotalMilliseconds,8:0.0} ms");

        var replans = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            watch.Restart();
            view = await schedule.ReplanAsync(SchedulingRule.EarliestDueDate, view.Version, "bench");
            replans.Add(watch.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"re-plan by rule (gather + plan + store + write back + publish)     {Stats(replans)}");

        recording = true;
        var random = new Random(7);
        var times = new List<double>();
        var shifted = new List<double>();
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

        Console.WriteLine($"move one operation +8 h, end to end ({moves} moves)                {Stats(times)}  (operations shifted median {Percentile(shifted, 0.5):0}, max {shifted.Max():0})");

        recording = false;
        foreach (var (phase, values) in phases)
        {
            Console.WriteLine($"  phase {phase,-10} {Stats(values)}");
        }

        var before = view.Metrics;
        watch.Restart();
        view = await schedule.OptimiseAsync(TimeSpan.FromSeconds(2), view.Version, "bench");
        Console.WriteLine($"optimise (2 s box) {watch.Elapsed.TotalMilliseconds,8:0.0} ms  weighted tardiness {before.WeightedTardinessHours:0.0} h → {view.Metrics.WeightedTardinessHours:0.0} h, late orders {before.LateOrders} → {view.Metrics.LateOrders}, makespan {before.MakespanHours:0} h → {view.Metrics.MakespanHours:0} h");
        var errors = await schedule.ValidateAsync();
        Console.WriteLine($"valid {(errors.Count == 0 ? "yes" : "NO: " + string.Join("; ", errors.Take(3)))}");
        Console.WriteLine($"load average at the end {BenchMachine.LoadAverage()}");
        return errors.Count == 0 ? 0 : 1;
    }

    private static string Stats(List<double> values) =>
        $"p50 {Percentile(values, 0.5),8:0.0} ms  p90 {Percentile(values, 0.9):0.0}  p99 {Percentile(values, 0.99):0.0}  max {values.Max():0.0}";

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
