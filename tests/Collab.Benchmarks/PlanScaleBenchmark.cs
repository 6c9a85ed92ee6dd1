using Collab.Domain.Demo;
using System.Collections.Concurrent;
using System.Diagnostics;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Domain.Plan;
using Collab.Grains.Plan;
using Collab.Grains.Demo;

namespace Collab.Benchmarks;

/// <summary>
/// Issue #17: the plan run on the large plant (<see cref="LargePlant"/>, 10,000 items by default) through one
/// in-process silo on the embedded mode's SQLite grain storage (a throw-away file), every state write counted.
/// Prints the pure computation (<see cref="PlanComputation"/>) on the same inputs, the full "Recalculer" with its
/// consequences written to the orders, and the automatic net change after one order edit (edit → run done →
/// pages notified), p50/p90/p99/max. Usage: <c>plan-scale [items=10000] [runs=5] [edits=20]</c>.
/// </summary>
public static class PlanScaleBenchmark
{
    private const string Site = DemoPlant.Site;

    public static async Task<int> Run(string[] args)
    {
        var items = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 10_000;
        var runs = args.Length > 1 && int.TryParse(args[1], out var r) ? r : 5;
        var edits = args.Length > 2 && int.TryParse(args[2], out var e) ? e : 20;
        var options = items == 10_000 ? new LargePlantOptions() : new LargePlantOptions(Items: items, ManufacturingOrders: items / 5, PurchaseOrders: items * 2 / 5, CustomerOrders: items / 2);
        await using var silo = await LargePlantSilo.StartAsync(name => name.StartsWith("plan", StringComparison.Ordinal));
        {
            var grains = silo.Grains;
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var watch = Stopwatch.StartNew();
            await DemoPlant.SeedAsync(grains, today, options);
            var plan = grains.GetGrain<IPlanGrain>(PlanKey.Of(Site));
            // The seeding starts the first plan without waiting: a call that does not interleave queues behind it.
            await plan.GetDiffsComputedAsync();
            var first = await plan.GetSummaryAsync();
            Console.WriteLine($"Plan-scale benchmark: {items} items, {LargePlantSilo.ModeName}, load average {BenchMachine.LoadAverage()}, seeded + first plan in {watch.Elapsed.TotalSeconds:0.0} s " +
                $"(first run {first?.DurationMs / 1000:0.0} s, {first?.PlannedOrders} planned orders, {first?.Exceptions} exceptions, {first?.OrdersUpdated} orders/workstations called)");

            // The pure core on the same inputs as the grain (gathered here the way the plan grain gathers them).
            var site = grains.GetGrain<Collab.Contracts.Sites.ISiteGrain>(Site);
            var inputs = new PlanInputs
            {
                RunId = "bench", Today = today, Data = await site.GetMasterDataAsync(), Settings = await site.GetSettingsAsync(),
                Orders = [.. await grains.GetGrain<IOrderRegistryGrain>(Site).QueryAsync(new OrderQuery(OpenOnly: true))],
            };
            var pure = new List<double>();
            PlanComputation? computed = null;
            for (var k = 0; k < 3; k++)
            {
                watch.Restart();
                var parts = new PlanPhaseTimer();
                computed = new PlanComputation(inputs, null, false, parts.Done);
                pure.Add(watch.Elapsed.TotalMilliseconds);
                Console.WriteLine($"  pure #{k + 1}: {pure[^1]:0} ms ({parts})");
            }

            pure.Sort();
            Console.WriteLine($"pure PlanComputation ({inputs.Orders.Count} open orders, {computed!.Mrp.PlannedOrders.Count} planned orders, {computed.Mrp.Exceptions.Count} exceptions): " +
                $"p50 {P(pure, 0.5):0} ms  max {pure[^1]:0} ms");

            var full = new List<double>();
            var writes = new List<int>();
            for (var k = 0; k < runs; k++)
            {
                var w0 = CountingStorage.Totals.Writes;
                watch.Restart();
                var s = await plan.RecalculateAsync(today, "bench");
                full.Add(watch.Elapsed.TotalMilliseconds);
                writes.Add(CountingStorage.Totals.Writes - w0);
                Console.WriteLine($"  Recalculer #{k + 1}: {full[^1],8:0} ms, {writes[^1]} state writes, {s.OrdersUpdated} orders/workstations called");
                Console.WriteLine($"    {Collab.Grains.Plan.PlanGrain.LastTimings}");
            }

            full.Sort();
            Console.WriteLine($"full Recalculer ({runs} runs, nothing changed between them): p50 {P(full, 0.5),8:0} ms  p90 {P(full, 0.9),8:0}  p99 {P(full, 0.99),8:0}  max {full[^1],8:0}");

            // Automatic net change: one PO line's requested date moves; the run the debounce would start is started at
            // once (the 2 s quiet time is a choice, not work). Three times from the edit: the plan's change event at a
            // subscriber (what a page's live update waits for), the plan page's read after it done (summary + exceptions:
            // the new run), the consequences' event (every order concerned told, its list row stored: what the order
            // lists wait for) and the run's end (what each grain was told kept).
            var recorder = new Recorder();
            var observer = grains.CreateObjectReference<IChangeObserver>(recorder);
            await grains.GetGrain<IChangeBrokerGrain>(Site).SubscribeAsync(observer);
            var pos = inputs.Orders.Where(o => o.Ref.Kind == ObjectKind.PurchaseOrder).Take(edits).ToList();
            var net = new List<double>();
            var read = new List<double>();
            var told = new List<double>();
            var ended = new List<double>();
            var netWrites = new List<int>();
            foreach (var (po, k) in pos.Select((p, k) => (p, k)))
            {
                var grain = grains.GetGrain<IPurchaseOrderGrain>(po.Number);
                var view = (await grain.GetAsync())!;
                var line = view.Lines[0];
                var w0 = CountingStorage.Totals.Writes;
                var seen = recorder.Next(c => c.Object.Kind == ObjectKind.Plan && c.What == PlanEvents.Recalculated);
                var toldSeen = recorder.Next(c => c.Object.Kind == ObjectKind.Plan && c.What == PlanEvents.ConsequencesPushed);
                watch.Restart();
                await grain.SetRequestedDateAsync(line.Line, line.RequestedDate.AddDays(k % 2 == 0 ? 14 : -7), view.Version, "bench");
                var running = plan.RunNetChangeAsync();
                await seen;
                net.Add(watch.Elapsed.TotalMilliseconds);
                var shown = await plan.GetSummaryAsync();
                var exceptions = await plan.GetExceptionsAsync();
                read.Add(watch.Elapsed.TotalMilliseconds);
                await toldSeen;
                told.Add(watch.Elapsed.TotalMilliseconds);
                var done = await running;
                ended.Add(watch.Elapsed.TotalMilliseconds);
                netWrites.Add(CountingStorage.Totals.Writes - w0);
                if (shown?.RunId != done?.RunId)
                {
                    Console.WriteLine($"  the page read run {shown?.RunId} at the event of run {done?.RunId}");
                    return 1;
                }

                Console.WriteLine($"  net change #{k + 1}: notified {net[^1],6:0} ms, page read {read[^1],6:0} ms ({exceptions.Count} exceptions), orders told {told[^1],6:0} ms, run's end {ended[^1],6:0} ms, " +
                    $"{netWrites[^1]} state writes; {Collab.Grains.Plan.PlanGrain.LastTimings}");
            }

            net.Sort();
            read.Sort();
            told.Sort();
            ended.Sort();
            netWrites.Sort();
            if (net.Count > 0)
            {
                Console.WriteLine($"net change after one PO edit ({net.Count} edits), plan pages notified: p50 {P(net, 0.5),8:0} ms  p90 {P(net, 0.9),8:0}  p99 {P(net, 0.99),8:0}  max {net[^1],8:0}" +
                    $"  (+ the {PlanKeyDelay()} s quiet time in production); state writes p50 {netWrites[netWrites.Count / 2]} max {netWrites[^1]}");
                Console.WriteLine($"  plan page read after the event: p50 {P(read, 0.5),8:0} ms  p90 {P(read, 0.9),8:0}  max {read[^1],8:0}");
                Console.WriteLine($"  orders told (their event, rows listed): p50 {P(told, 0.5),8:0} ms  p90 {P(told, 0.9),8:0}  max {told[^1],8:0}");
                Console.WriteLine($"  run's end (prints kept): p50 {P(ended, 0.5),8:0} ms  p90 {P(ended, 0.9),8:0}  max {ended[^1],8:0}");
            }

            Console.WriteLine($"largest plan states written: {string.Join(", ", CountingStorage.Largest.OrderByDescending(kv => kv.Value).Take(3).Select(kv => $"{kv.Key} {kv.Value / 1024.0:0} KB"))}");
            return 0;
        }
    }

    private static double PlanKeyDelay() => Collab.Grains.Plan.PlanGrain.NetChangeDelay.TotalSeconds;

    private static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];

    private sealed class Recorder : IChangeObserver
    {
        private readonly object _gate = new();
        private readonly List<(Func<ChangeEvent, bool> Match, TaskCompletionSource Done)> _waiters = [];

        /// <summary>The next event matching <paramref name="match"/> (several waiters at once).</summary>
        public Task Next(Func<ChangeEvent, bool> match)
        {
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _waiters.Add((match, tcs));
            }

            return tcs.Task;
        }

        public Task OnChangedAsync(ChangeEvent change)
        {
            lock (_gate)
            {
                foreach (var w in _waiters.Where(w => w.Match(change)).ToList())
                {
                    w.Done.TrySetResult();
                    _waiters.Remove(w);
                }
            }

            return Task.CompletedTask;
        }
    }
}
