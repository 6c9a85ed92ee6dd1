using System.Diagnostics;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Domain.Demo;
using Collab.Grains.Demo;
using Collab.Web.Services;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collab.Benchmarks;

/// <summary>
/// <c>large-pages [items=10000] [edits=60]</c>, issue #17 on the large plant (<see cref="LargePlantSilo"/>: one
/// in-process silo on SQLite, the plant of <c>--demo-scale large</c> seeded and planned once):
/// <list type="number">
/// <item>the MRP page for one item through the services the page calls (<c>MrpPage.razor</c>): the page opened on an
/// item (<c>?item=</c>: progress, summary, stock list, snapshots, families, exceptions, the item's record and planned
/// orders), another item picked, and "pourquoi" (pegging) on each gross requirement of the record;</item>
/// <item>one MO edit seen by 50 other circuits: the web process' <see cref="LiveUpdates"/> (one change-broker
/// observer fanning out to circuits, as in the application) with 50 subscriptions — 25 as the MO detail page (that
/// MO; re-read <c>GetManufacturingOrderAsync</c>) and 25 as the MO list (every MO; re-read the first window
/// <c>PageAsync</c>) — and the time from the command's start to each subscriber's re-read done.</item>
/// </list>
/// Figures p50/p90/p99/max; the machine's load average printed before and after.
/// </summary>
public static class LargePlantPagesBenchmark
{
    private const string Site = DemoPlant.Site;

    public static async Task<int> Run(string[] args)
    {
        var items = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 10_000;
        var edits = args.Length > 1 && int.TryParse(args[1], out var e) ? e : 60;
        var options = items == 10_000 ? new LargePlantOptions() : new LargePlantOptions(Items: items, ManufacturingOrders: items / 5, PurchaseOrders: items * 2 / 5, CustomerOrders: items / 2);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Console.WriteLine($"Large-plant pages benchmark: {items} items, {LargePlantSilo.ModeName}; load average {BenchMachine.LoadAverage()}");
        await using var silo = await LargePlantSilo.StartAsync();
        var watch = Stopwatch.StartNew();
        var first = await silo.SeedAsync(today, options);
        Console.WriteLine($"  seeded + first plan in {watch.Elapsed.TotalSeconds:0} s ({first?.PlannedOrders} planned orders); load average {BenchMachine.LoadAverage()}");

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Collab:Site"] = Site }).Build();
        var context = new PlanContext(silo.Grains, TimeProvider.System, configuration, null!, null!);
        await MrpPageAsync(new PlanService(context), new StockService(context));
        await LiveEditAsync(silo.Grains, new OrdersService(context), configuration, edits);
        Console.WriteLine($"peak working set of this process: {Measure.Mb(Measure.PeakWorkingSet())}; load average {BenchMachine.LoadAverage()}");
        return 0;
    }

    /// <summary>What <c>MrpPage.razor</c> calls, in its order: opened on an item, another item picked, "pourquoi".</summary>
    private static async Task MrpPageAsync(PlanService plan, StockService stock)
    {
        // Items to show: made and bought ones with planned orders, spread over the BOM levels.
        var planned = await plan.GetPlannedOrdersAsync();
        var candidates = planned.Select(o => o.Item).Distinct().ToList();
        var picks = new List<MrpRecordView>();
        foreach (var item in candidates.Where((_, k) => k % Math.Max(1, candidates.Count / 40) == 0))
        {
            if (await plan.GetItemRecordAsync(item) is { } r && r.GrossRequirements.Any(q => q > 0))
            {
                picks.Add(r);
            }
        }

        var levels = picks.GroupBy(p => p.LowLevelCode).OrderBy(g => g.Key).Select(g => $"level {g.Key}: {g.Count()}");
        Console.WriteLine($"MRP page: {planned.Count} planned orders; {picks.Count} items measured ({string.Join(", ", levels)})");

        var parts = new Dictionary<string, List<double>>();
        async Task<T> Part<T>(string name, Func<Task<T>> call)
        {
            var t = Stopwatch.StartNew();
            var result = await call();
            (parts.TryGetValue(name, out var l) ? l : parts[name] = []).Add(t.Elapsed.TotalMilliseconds);
            return result;
        }

        // Before: what the page called until this change (the whole master data for its families, the exceptions twice).
        async Task OpenBeforeAsync(string item)
        {
            _ = await Part("progress", plan.GetProgressAsync);
            var summary = await Part("summary", plan.GetSummaryAsync);
            _ = (await Part("stock list (items)", () => stock.ListAsync())).Select(s => s.Item).Order(StringComparer.Ordinal).ToList();
            _ = (await Part("snapshots", plan.GetSnapshotsAsync)).Where(x => x.RunId != summary!.RunId).ToList();
            _ = await Part("families (master data)", plan.GetFamiliesAsync);
            _ = await Part("exceptions", () => plan.GetExceptionsAsync(new ExceptionFilter()));
            _ = await Part("exceptions", () => plan.GetExceptionsAsync(new ExceptionFilter(null, null, null)));
            await PickAsync(item);
        }

        // Now (MrpPage.razor): items and families from one stock list, the exceptions once.
        async Task OpenAsync(string item)
        {
            _ = await plan.GetProgressAsync();
            var summary = await plan.GetSummaryAsync();
            var rows = await stock.ListAsync();
            _ = rows.Select(s => s.Item).Order(StringComparer.Ordinal).ToList();
            _ = rows.Select(s => s.Family).Where(f => f.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
            _ = (await plan.GetSnapshotsAsync()).Where(x => x.RunId != summary!.RunId).ToList();
            _ = await plan.GetExceptionsAsync(new ExceptionFilter());
            await PickAsync(item);
        }

        async Task PickAsync(string item)
        {
            _ = await Part("item record", () => plan.GetItemRecordAsync(item));
            _ = await Part("item's planned orders", () => plan.GetPlannedOrdersAsync(item));
        }

        var before = new List<double>();
        var open = new List<double>();
        var pick = new List<double>();
        var peg = new List<double>();
        var pegs = new List<int>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var r in round == 0 ? picks.Take(5) : picks)
            {
                var t = Stopwatch.StartNew();
                await OpenBeforeAsync(r.Item);
                (round > 0 ? before : []).Add(t.Elapsed.TotalMilliseconds);
                t.Restart();
                await OpenAsync(r.Item);
                (round > 0 ? open : []).Add(t.Elapsed.TotalMilliseconds);
                t.Restart();
                await PickAsync(r.Item);
                (round > 0 ? pick : []).Add(t.Elapsed.TotalMilliseconds);
                for (var p = 0; p < r.GrossRequirements.Count; p++)
                {
                    if (r.GrossRequirements[p] > 0)
                    {
                        t.Restart();
                        var links = await plan.GetPeggingAsync(r.Item, p + 1);
                        if (round > 0)
                        {
                            peg.Add(t.Elapsed.TotalMilliseconds);
                            pegs.Add(links.Count);
                        }
                    }
                }
            }
        }

        Report("  page opened on one item, before  ", before);
        foreach (var (name, times) in parts)
        {
            Report($"    {name,-30}", times);
        }

        Report("  page opened on one item (?item=)  ", open);
        Report("  another item picked (record)      ", pick);
        Report("  \"pourquoi\" (pegging of a period) ", peg);
        pegs.Sort();
        Console.WriteLine($"  pegging rows shown: p50 {pegs[pegs.Count / 2]}, max {pegs[^1]}");
    }

    /// <summary>One MO edit → 50 subscribers of the web process' LiveUpdates each re-read what their page shows.</summary>
    private static async Task LiveEditAsync(IClusterClient grains, OrdersService orders, IConfiguration configuration, int edits)
    {
        const int subscribers = 50;
        var number = (await orders.PageAsync(ObjectKind.ManufacturingOrder, new OrderListFilter(), new OrderGridQuery(0, 1))).Rows[0].Number;
        var mo = grains.GetGrain<IManufacturingOrderGrain>(number);
        var view = (await mo.GetAsync())!;
        using var live = new LiveUpdates(grains, TimeProvider.System, configuration, NullLogger<LiveUpdates>.Instance);
        await live.StartAsync(CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var gate = new Lock();
        var latencies = new List<double>();
        var detailLatencies = new List<double>();
        var listLatencies = new List<double>();
        var notified = new List<double>();
        var rereads = new List<double>();
        long expected = 0;
        var startedAt = 0.0;
        var remaining = 0;
        var allSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var measuring = false;

        void Done(bool detail, double notifiedAt)
        {
            var at = clock.Elapsed.TotalMilliseconds;
            lock (gate)
            {
                if (measuring)
                {
                    notified.Add(notifiedAt - startedAt);
                    rereads.Add(at - notifiedAt);
                    latencies.Add(at - startedAt);
                    (detail ? detailLatencies : listLatencies).Add(at - startedAt);
                }

                if (--remaining == 0)
                {
                    allSeen.TrySetResult();
                }
            }
        }

        // A subscriber counts an edit once: the plan's consequences written to the same MO come with the same version
        // (a system write) and would be counted again, late, as if the edit had been seen twice.
        bool FirstOfEdit(ChangeEvent change, long[] counted)
        {
            lock (gate)
            {
                if (change.Object.Id != number || change.Version != expected || counted[0] == expected)
                {
                    return false;
                }

                counted[0] = expected;
                return true;
            }
        }

        var subscriptions = new List<IDisposable>();
        for (var k = 0; k < subscribers / 2; k++)
        {
            long[] detailCounted = [-1], listCounted = [-1];
            subscriptions.Add(live.Subscribe(ObjectKind.ManufacturingOrder, number, async change =>
            {
                if (FirstOfEdit(change, detailCounted))
                {
                    var at = clock.Elapsed.TotalMilliseconds;
                    _ = await orders.GetManufacturingOrderAsync(number);
                    Done(detail: true, at);
                }
            }));
            subscriptions.Add(live.Subscribe(ObjectKind.ManufacturingOrder, null, async change =>
            {
                if (FirstOfEdit(change, listCounted))
                {
                    var at = clock.Elapsed.TotalMilliseconds;
                    _ = await orders.PageAsync(ObjectKind.ManufacturingOrder, new OrderListFilter(), new OrderGridQuery(0, 50));
                    Done(detail: false, at);
                }
            }));
        }

        var commands = new List<double>();
        for (var i = 0; i < edits + 10; i++)
        {
            lock (gate)
            {
                expected = view.Version + 1;
                remaining = subscribers;
                allSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                measuring = i >= 10;
                startedAt = clock.Elapsed.TotalMilliseconds;
            }

            view = await mo.SetQtyAsync(view.Qty + (i % 2 == 0 ? 1 : -1), view.Version, "bench");
            if (i >= 10)
            {
                commands.Add(clock.Elapsed.TotalMilliseconds - startedAt);
            }

            await allSeen.Task.WaitAsync(TimeSpan.FromSeconds(60));
            // LiveUpdates calls a page at most once per CoalesceWindow (250 ms): an edit right after the previous one would
            // measure that window, not the edit. A planner's edits are seconds apart.
            await Task.Delay(LiveUpdates.CoalesceWindow);
        }

        subscriptions.ForEach(s => s.Dispose());
        await live.StopAsync(CancellationToken.None);
        Console.WriteLine($"One MO edit ({number}, quantity ±1) seen by {subscribers} circuits of one web process ({edits} edits, {latencies.Count} re-reads; the plan's net change runs behind):");
        Report("  command (validate, write, publish) ", commands);
        Report("  command → re-read done, all 50     ", latencies);
        Report("    command start → notified         ", notified);
        Report("    notified → re-read done          ", rereads);
        Report("    25 MO detail pages (re-read MO)  ", detailLatencies);
        Report("    25 MO lists (first window)       ", listLatencies);
    }

    private static void Report(string label, List<double> t)
    {
        t.Sort();
        Console.WriteLine(t.Count == 0 ? $"{label} (none)" : $"{label} p50 {Percentiles.P(t, 0.5),8:0.0} ms  p90 {Percentiles.P(t, 0.9),8:0.0}  p99 {Percentiles.P(t, 0.99),8:0.0}  max {t[^1],8:0.0}  ({t.Count})");
    }
}
