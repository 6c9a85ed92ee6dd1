using System.Diagnostics;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Domain.Demo;
using Collab.Infrastructure.Serialization;
using Collab.Web.Services;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Collab.Benchmarks;

/// <summary>
/// <c>list-pages [items] [mos] [pos] [cos]</c>: the MO / PO / CO list pages on the large plant (issue #17). The plant of
/// <see cref="LargePlantGenerator"/> (default 10,000 items, 2,000 MOs, 4,000 POs, 5,000 COs) is stored as the order
/// registry's rows (in-process silo, memory storage; rows built from the generated orders, about 1 in 20 late), then the
/// order service is called as the grid calls it: the first window (50 rows, default sort) and a filtered / sorted window
/// (item contains, quantity descending, rows 100–149), p50/p90/p99/max. Bytes per circuit: what a list page keeps (its
/// last window), measured by holding 400 windows and dividing the managed heap's growth; the previous page (every row of
/// the list, sorted) measured the same way for comparison. Radzen's own per-row components are not included.
/// </summary>
public static class ListPagesBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        int Arg(int k, int fallback) => args.Length > k && int.TryParse(args[k], out var v) ? v : fallback;
        var d = new LargePlantOptions();
        var options = d with { Items = Arg(0, d.Items), ManufacturingOrders = Arg(1, d.ManufacturingOrders), PurchaseOrders = Arg(2, d.PurchaseOrders), CustomerOrders = Arg(3, d.CustomerOrders) };
        var today = DateOnly.FromDateTime(DateTime.Today);
        var watch = Stopwatch.StartNew();
        var plant = LargePlantGenerator.Generate(today, options);
        Console.WriteLine($"List pages benchmark: plant of {plant.Data.Items.Count} items generated in {watch.ElapsedMilliseconds} ms: " +
            $"{plant.ManufacturingOrders.Count} MOs, {plant.PurchaseOrders.Count} POs, {plant.CustomerOrders.Count} COs");

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCollabSerialization();
            silo.AddMemoryGrainStorageAsDefault();
        });
        builder.ConfigureClient(client => client.Services.AddCollabSerialization());
        // Cluster mode (--mode cluster): the registry on 2 cluster-mode silos on PostgreSQL instead of memory storage.
        await using var silo = LargePlantSilo.ClusterMode ? await LargePlantSilo.StartAsync() : null;
        await using var cluster = silo is null ? builder.Build() : null;
        await (cluster?.DeployAsync() ?? Task.CompletedTask);
        var grains = silo?.Grains ?? cluster!.Client;
        Console.WriteLine($"  {(silo is null ? "in-process silo, memory storage" : LargePlantSilo.ModeName)}; load average {BenchMachine.LoadAverage()}");
        const string site = "BENCH";
        var registry = grains.GetGrain<IOrderRegistryGrain>(site);
        foreach (var chunk in Summaries(plant, today).Chunk(1_000))
        {
            await registry.UpsertManyAsync(chunk);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Collab:Site"] = site }).Build();
        var service = new OrdersService(new PlanContext(grains, TimeProvider.System, configuration, null!, null!));
        var open = new OrderListFilter();
        foreach (var kind in new[] { ObjectKind.ManufacturingOrder, ObjectKind.PurchaseOrder, ObjectKind.CustomerOrder })
        {
            var first = new OrderGridQuery(0, 50);
            var filtered = new OrderGridQuery(100, 50, [new OrderColumnFilter("Item", "Contains", "-001")], [new OrderSort("Qty", Descending: true)]);
            var firstPage = await service.PageAsync(kind, open, first);
            var filteredPage = await service.PageAsync(kind, open, filtered);
            Console.WriteLine($"{kind}: {firstPage.Listed} open rows ({firstPage.Late} late); filtered window matches {filteredPage.Total}");
            Report("  first window (50 rows)         ", await TimeAsync(() => service.PageAsync(kind, open, first)));
            Report("  filtered + sorted window       ", await TimeAsync(() => service.PageAsync(kind, open, filtered)));
            Report("  late only, first window        ", await TimeAsync(() => service.PageAsync(kind, open with { LateOnly = true }, first)));
            Report("  before: every row (ListAsync)  ", await TimeAsync(() => service.ListAsync(kind, open), runs: 60));

            var window = await RetainedBytesAsync(400, () => service.PageAsync(kind, open, first));
            var whole = await RetainedBytesAsync(20, async () => (IReadOnlyList<OrderRow>)[.. (await service.ListAsync(kind, open)).OrderBy(r => r.DueDate).ThenBy(r => r.Number, StringComparer.Ordinal)]);
            Console.WriteLine($"  bytes per circuit (rows the page keeps): {window / 1024.0,7:0.0} KB now (one window) vs {whole / 1024.0,7:0.0} KB before (every row)");
        }

        Console.WriteLine($"peak working set of this process: {Measure.Mb(Measure.PeakWorkingSet())}; load average {BenchMachine.LoadAverage()}");
        return 0;
    }

    /// <summary>Registry rows for the generated orders: MOs released or planned, a few late (needed before due) in each kind.</summary>
    internal static IEnumerable<OrderSummary> Summaries(GeneratedPlant plant, DateOnly today)
    {
        OrderSummary Row(ObjectKind kind, string number, string party, string status, IReadOnlyList<OrderLineSummary> lines, DateOnly? start, int k, bool firm = true, double probability = 1)
        {
            var due = lines.Min(l => l.Date);
            DateOnly? needed = k % 20 == 3 ? due.AddDays(kind == ObjectKind.CustomerOrder ? 5 : -5) : null;
            return new(new ObjectRef(kind, number), party, status, false, lines, due, start, needed, firm, probability, k % 7 == 0 ? 1 : 0, k % 11 == 0 ? 1 : 0,
                new OtdFigures(0, 0), 1, "bench", null);
        }

        foreach (var (m, k) in plant.ManufacturingOrders.Select((m, k) => (m, k)))
        {
            yield return Row(ObjectKind.ManufacturingOrder, LargePlantWorkbook.ManufacturingOrderNumber(k), m.Item, m.Released ? "Released" : "Planned",
                [new OrderLineSummary(1, m.Item, m.Qty, m.Due)], m.Start, k);
        }

        foreach (var (p, k) in plant.PurchaseOrders.Select((p, k) => (p, k)))
        {
            yield return Row(ObjectKind.PurchaseOrder, LargePlantWorkbook.PurchaseOrderNumber(k), p.Draft.Supplier, "Sent",
                [.. p.Draft.Lines.Select((l, n) => new OrderLineSummary(n + 1, l.Item, l.Qty, l.RequestedDate))], null, k);
        }

        foreach (var (c, k) in plant.CustomerOrders.Select((c, k) => (c, k)))
        {
            yield return Row(ObjectKind.CustomerOrder, LargePlantWorkbook.CustomerOrderNumber(k), c.Customer, "Open",
                [.. c.Lines.Select((l, n) => new OrderLineSummary(n + 1, l.Item, l.Qty, l.PromisedDate))], null, k, c.Firm, c.Probability);
        }
    }

    private static async Task<List<double>> TimeAsync<T>(Func<Task<T>> call, int runs = 300)
    {
        for (var k = 0; k < 10; k++)
        {
            await call();
        }

        var times = new List<double>(runs);
        var watch = new Stopwatch();
        for (var k = 0; k < runs; k++)
        {
            watch.Restart();
            await call();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times;
    }

    private static void Report(string label, List<double> t) =>
        Console.WriteLine($"{label} p50 {Percentiles.P(t, 0.5),7:0.00} ms  p90 {Percentiles.P(t, 0.9),7:0.00}  p99 {Percentiles.P(t, 0.99),7:0.00}  max {t[^1],7:0.00}  ({t.Count} calls)");

    /// <summary>Managed heap growth per result while <paramref name="count"/> results are held (what that many circuits would keep).</summary>
    private static async Task<double> RetainedBytesAsync<T>(int count, Func<Task<T>> call)
    {
        var held = new List<T>(count);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        for (var k = 0; k < count; k++)
        {
            held.Add(await call());
        }

        var after = GC.GetTotalMemory(true);
        GC.KeepAlive(held);
        return (after - before) / (double)count;
    }
}
