using System.Diagnostics;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Grains.Orders;
using Collab.Infrastructure.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Collab.Benchmarks;

/// <summary>
/// Issue #17 item 3: one edit of a purchase order that already has 10,000 history entries (in-process silo, memory
/// storage wrapped by a counter that serialises every written state with the application's JSON serializer).
/// The order is stored the way it was before histories moved out (History inside the state) and then activated, so
/// the same file measures the old code (every edit rewrites the whole history) and the new one (the activation moves
/// the history to chunk grains once; an edit writes the order's small state and one chunk).
/// <c>--mode cluster</c>: the 2 cluster-mode silos on PostgreSQL of <see cref="LargePlantSilo"/> instead, the bytes also
/// read back from <c>orleansstorage</c> (<see cref="StoredBytes"/>).
/// Goal: &lt; 64 KB written and &lt; 20 ms p99 per edit.
/// </summary>
public static class ObjectEditBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        var entries = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 10_000;
        var edits = args.Length > 1 && int.TryParse(args[1], out var e) ? e : 300;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCollabSerialization();
            silo.AddMemoryGrainStorage("inner");
            CountingStorage.Wrap(silo, "inner");
        });
        builder.ConfigureClient(client => client.Services.AddCollabSerialization());
        // Cluster mode (--mode cluster): 2 cluster-mode silos on PostgreSQL (LargePlantSilo), every state sized as here.
        await using var large = LargePlantSilo.ClusterMode ? await LargePlantSilo.StartAsync(_ => true) : null;
        await using var cluster = large is null ? builder.Build() : null;
        await (cluster?.DeployAsync() ?? Task.CompletedTask);
        var grains = large?.Grains ?? cluster!.Client;
        var silo = large?.Services ?? cluster!.Silos[0].ServiceProvider;
        var serializer = silo.GetRequiredService<IGrainStorageSerializer>();

        const string site = "BENCH";
        await grains.GetGrain<ISiteGrain>(site).ImportMasterDataAsync(MasterDataSet.Empty with
        {
            Items = [new ItemData("CORPS", "Corps de vanne", "", ItemSource.Buy, "pc", 20, 10, 0)],
            Suppliers = [new SupplierData("F1", "Fonderie", "f1@fournisseur.example", "fr")],
        }, 0, "bench");

        // An order stored with its 10,000 entries inside its state, as every order was before issue #17.
        var today = new DateOnly(2026, 12, 1);
        var at = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
        var state = new PurchaseOrderState
        {
            Site = site,
            Version = entries,
            ModifiedBy = "bob",
            ModifiedAt = at,
            Supplier = "F1",
            Buyer = "acheteur",
            Status = PurchaseOrderStatus.Sent,
            Lines = [new PurchaseOrderLine(1, "CORPS", 10, today.AddDays(20), null, null, [])],
            History = [.. Enumerable.Range(1, entries).Select(v => new HistoryEntry(v, at.AddMinutes(v), v % 2 == 0 ? "bob" : "alice",
                nameof(HistoryEvent.RequestedDateChanged), [FieldChange.Of(HistoryField.RequestedDate, "2026-12-01", "2026-12-02", 1)], HistoryEvent.RequestedDateChanged))],
        };
        var po = grains.GetGrain<IPurchaseOrderGrain>("OA-BENCH-1");
        await (large?.Storage ?? silo.GetRequiredKeyedService<IGrainStorage>("inner")).WriteStateAsync("po", po.GetGrainId(), new Orleans.GrainState<PurchaseOrderState>(state));
        Console.WriteLine($"Object edit benchmark: purchase order with {entries} history entries; old state with its history = {serializer.Serialize(state).ToArray().LongLength / 1024.0:0} KB; " +
            $"{(large is null ? "in-process silo, memory storage" : LargePlantSilo.ModeName)}, load average {BenchMachine.LoadAverage()}");

        var before = CountingStorage.Totals;
        var watch = Stopwatch.StartNew();
        var view = (await po.GetAsync())!;
        var activated = CountingStorage.Totals;
        Console.WriteLine($"first activation (moves a stored history out when the code does) {watch.Elapsed.TotalMilliseconds,8:0.0} ms, " +
            $"{(activated.Bytes - before.Bytes) / 1024.0:0} KB in {activated.Writes - before.Writes} state writes");

        var times = new List<double>();
        var bytes = new List<long>();
        var writes = new List<int>();
        var stored = large is null ? null : new StoredBytes(large);
        await (stored?.StartAsync() ?? Task.CompletedTask);
        for (var k = 0; k < edits + 20; k++)
        {
            var (b0, w0) = CountingStorage.Totals;
            watch.Restart();
            view = await po.SetRequestedDateAsync(1, today.AddDays(21 + k % 60), view.Version, k % 2 == 0 ? "alice" : "bob");
            var ms = watch.Elapsed.TotalMilliseconds;
            var (b1, w1) = CountingStorage.Totals;
            await (stored?.AddAsync(k >= 20) ?? Task.CompletedTask);
            if (k >= 20)
            {
                times.Add(ms);
                bytes.Add(b1 - b0);
                writes.Add(w1 - w0);
            }
        }

        times.Sort();
        bytes.Sort();
        Console.WriteLine($"order edit ({edits} edits): time p50 {P(times, 0.5),6:0.00} ms  p90 {P(times, 0.9),6:0.00}  p99 {P(times, 0.99),6:0.00}  max {times[^1],6:0.00}");
        Console.WriteLine($"                  written p50 {P(bytes, 0.5) / 1024.0,6:0.0} KB  p90 {P(bytes, 0.9) / 1024.0,6:0.0}  p99 {P(bytes, 0.99) / 1024.0,6:0.0}  max {bytes[^1] / 1024.0,6:0.0} KB  in {writes.Average():0.0} state writes per edit");
        Console.WriteLine($"                  largest states written: {string.Join(", ", CountingStorage.Largest.OrderByDescending(kv => kv.Value).Take(4).Select(kv => $"{kv.Key} {kv.Value / 1024.0:0.0} KB"))}");
        stored?.Print();

        var reads = new List<double>();
        for (var k = 0; k < 50; k++)
        {
            watch.Restart();
            _ = await po.GetHistoryAsync();
            reads.Add(watch.Elapsed.TotalMilliseconds);
        }

        reads.Sort();
        Console.WriteLine($"whole history read ({entries + edits + 20} entries): p50 {P(reads, 0.5),6:0.00} ms  max {reads[^1],6:0.00}");
        // PAGED-BEGIN (not in the code before issue #17 item 3)
        var pages = new List<double>();
        for (var k = 0; k < 200; k++)
        {
            watch.Restart();
            _ = await po.GetHistoryPageAsync(0, 200);
            pages.Add(watch.Elapsed.TotalMilliseconds);
        }

        pages.Sort();
        Console.WriteLine($"newest page of 200 (what a detail page reads): p50 {P(pages, 0.5),6:0.00} ms  p99 {P(pages, 0.99),6:0.00}  max {pages[^1],6:0.00}");
        // PAGED-END
        Console.WriteLine($"load average at the end {BenchMachine.LoadAverage()}");
        return 0;
    }

    private static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];

    private static double P(List<long> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];
}
