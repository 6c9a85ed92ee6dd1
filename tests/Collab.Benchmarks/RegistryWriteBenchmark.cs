using System.Diagnostics;
using Collab.Contracts.Orders;
using Collab.Domain.Demo;
using Collab.Grains.Orders;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Collab.Benchmarks;

/// <summary>
/// <c>registry-write [edits=300] [in-flight=64]</c> (issue #17): the site's order registry holding the large plant's
/// orders (<see cref="LargePlantGenerator"/> defaults: 2,000 MOs, 350 POs, 5,000 COs as registry rows), one in-process
/// silo on the embedded mode's SQLite grain storage (a throw-away file) or, with <c>--mode cluster</c>, the 2 cluster-mode
/// silos on PostgreSQL of <see cref="LargePlantSilo"/>; every registry row written counted and sized (in cluster mode
/// also read back from <c>orleansstorage</c>: <see cref="StoredBytes"/>).
/// Prints: what one whole-registry write costs (what every upsert wrote before the registry had buckets); an order
/// edit's registry write, one at a time (bytes, ms p50/p90/p99/max); every row changed with C upserts in flight (what a
/// plan run's consequences do); the activation that reads every bucket.
/// </summary>
public static class RegistryWriteBenchmark
{
    private const string Site = "BENCH";

    public static async Task<int> Run(string[] args)
    {
        var edits = args.Length > 0 && int.TryParse(args[0], out var e) ? e : 300;
        var inFlight = args.Length > 1 && int.TryParse(args[1], out var f) ? f : 64;
        var today = DateOnly.FromDateTime(DateTime.Today);
        var rows = ListPagesBenchmark.Summaries(LargePlantGenerator.Generate(today, new LargePlantOptions()), today).ToList();
        await using var silo = await LargePlantSilo.StartAsync(name => name.StartsWith("orders", StringComparison.Ordinal));
        {
            var registry = silo.Grains.GetGrain<IOrderRegistryGrain>(Site);
            var watch = Stopwatch.StartNew();
            foreach (var chunk in rows.Chunk(1_000))
            {
                await registry.UpsertManyAsync(chunk);
            }

            Console.WriteLine($"Registry write benchmark: {rows.Count} registry rows stored in {watch.ElapsedMilliseconds} ms, {OrderRegistryGrain.BucketCount} buckets, {LargePlantSilo.ModeName}, load average {BenchMachine.LoadAverage()}");

            // Before: every upsert rewrote one state holding every row.
            var storage = silo.Storage;
            var serializer = silo.Services.GetRequiredService<IGrainStorageSerializer>();
            var whole = new OrderRegistryState { Orders = rows.ToDictionary(r => r.Ref.ToString()) };
            var wholeState = new Orleans.GrainState<OrderRegistryState>(whole);
            var wholeTimes = new List<double>();
            for (var k = 0; k < 21; k++)
            {
                watch.Restart();
                await storage.WriteStateAsync("orders-whole-bench", registry.GetGrainId(), wholeState);
                if (k > 0)
                {
                    wholeTimes.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            Report($"before: one whole-registry write ({CountingStorage.Size(serializer, whole) / 1024.0:N0} KB)", wholeTimes);

            // One order edit at a time (a party change and a new version), as an order grain's write sends it.
            var random = new Random(1);
            var times = new List<double>();
            var bytes = new List<double>();
            var stored = new StoredBytes(silo);
            await stored.StartAsync();
            for (var k = 0; k < edits + 20; k++)
            {
                var i = random.Next(rows.Count);
                rows[i] = rows[i] with { Party = rows[i].Party + "*", Version = rows[i].Version + 1 };
                var (b0, w0) = CountingStorage.Totals;
                watch.Restart();
                await registry.UpsertAsync(rows[i]);
                var ms = watch.Elapsed.TotalMilliseconds;
                var (b1, w1) = CountingStorage.Totals;
                if (w1 - w0 != 1)
                {
                    Console.WriteLine($"  edit {k}: {w1 - w0} writes");
                }

                await stored.AddAsync(k >= 20);
                if (k >= 20)
                {
                    times.Add(ms);
                    bytes.Add((b1 - b0) / 1024.0);
                }
            }

            Report("order edit: registry upsert", times);
            bytes.Sort();
            Console.WriteLine($"  bytes written per edit: p50 {Percentiles.P(bytes, 0.5):0.0} KB  p90 {Percentiles.P(bytes, 0.9):0.0}  p99 {Percentiles.P(bytes, 0.99):0.0}  max {bytes[^1]:0.0} KB (one bucket row)");
            stored.Print();

            // Every row changed, C upserts in flight (what a plan run's consequences send to the order grains, which upsert).
            var (bb, wb) = CountingStorage.Totals;
            var next = -1;
            var burst = new double[rows.Count];
            watch.Restart();
            await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < rows.Count)
                {
                    var started = Stopwatch.GetTimestamp();
                    await registry.UpsertAsync(rows[i] with { NeededDate = today.AddDays(30 + i % 40), Version = rows[i].Version + 1 });
                    burst[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }));
            var burstSeconds = watch.Elapsed.TotalSeconds;
            var (ba, wa) = CountingStorage.Totals;
            var sorted = burst.ToList();
            sorted.Sort();
            Console.WriteLine($"every row changed ({rows.Count} upserts, {inFlight} in flight): {burstSeconds:0.0} s, {rows.Count / burstSeconds:N0} upserts/s, " +
                $"{wa - wb} bucket writes ({(ba - bb) / 1024.0 / 1024.0:0.0} MB); per upsert p50 {Percentiles.P(sorted, 0.5):0.0} ms  p90 {Percentiles.P(sorted, 0.9):0.0}  p99 {Percentiles.P(sorted, 0.99):0.0}  max {sorted[^1]:0.0}");

            // A new activation reads every bucket.
            var activation = new List<double>();
            for (var k = 0; k < 5; k++)
            {
                await silo.DeactivateAsync(registry);
                watch.Restart();
                var count = await registry.CountAsync();
                activation.Add(watch.Elapsed.TotalMilliseconds);
                if (count != rows.Count)
                {
                    Console.WriteLine($"  reactivated with {count} rows, expected {rows.Count}");
                }
            }

            Report("activation (reads every bucket), 5 runs", activation);
            Console.WriteLine($"load average at the end {BenchMachine.LoadAverage()}");
            return 0;
        }
    }

    private static void Report(string label, List<double> t)
    {
        t.Sort();
        Console.WriteLine($"{label}: p50 {Percentiles.P(t, 0.5):0.00} ms  p90 {Percentiles.P(t, 0.9):0.00}  p99 {Percentiles.P(t, 0.99):0.00}  max {t[^1]:0.00}  ({t.Count} runs)");
    }
}
