using System.Diagnostics;
using System.Text.Json;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Domain.Demo;
using Collab.Domain.Plan;
using Collab.Grains.Plan;
using Collab.Infrastructure.Serialization;

namespace Collab.Benchmarks;

/// <summary>
/// Issue #17: the pure parts of a plan run on the generated large plant, without a silo (seconds instead of the
/// plan-scale seeding's minutes): full computation and its parts, the consequences (pegging of every open receipt,
/// load rows and queues, fingerprints), the snapshot's JSON, and the net-change computation after one PO date edit.
/// Usage: <c>plan-parts [items=10000] [runs=3]</c>.
/// </summary>
public static class PlanPartsBenchmark
{
    public static int Run(string[] args)
    {
        var items = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 10_000;
        var runs = args.Length > 1 && int.TryParse(args[1], out var r) ? r : 3;
        var options = items == 10_000 ? new LargePlantOptions() : new LargePlantOptions(Items: items, ManufacturingOrders: items / 5, PurchaseOrders: items * 2 / 5, CustomerOrders: items / 2);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var watch = Stopwatch.StartNew();
        var plant = LargePlantGenerator.Generate(today, options);
        var orders = plant.OpenOrderSummaries();
        PlanInputs Inputs() => new() { RunId = "r", Today = today, Settings = SiteSettings.Default, Data = plant.Data, Orders = [.. orders] };
        Console.WriteLine($"Plan-parts: {items} items, {orders.Count} open orders, generated in {watch.Elapsed.TotalSeconds:0.0} s");

        PlanComputation? run = null;
        for (var k = 0; k < runs; k++)
        {
            var t = new Dictionary<string, double>();
            watch.Restart();
            var parts = new PlanPhaseTimer();
            run = new PlanComputation(Inputs(), null, keepSession: true, parts.Done);
            t["compute"] = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            _ = run.Mrp.Pegging;
            t["pegging links"] = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var all = PlanConsequences.Of(run, "r");
            t["consequences"] = watch.Elapsed.TotalMilliseconds;

            // The consequences' parts, each on its own (issue #17): pegging in one pass, as before (per receipt), load
            // rows + queues, the direct prints and the JSON prints they replaced.
            watch.Restart();
            var onePass = new CustomerOrderPegging(run.Mrp);
            var pegged = new IReadOnlyList<string>[run.Input.ScheduledReceipts.Count];
            for (var i = 0; i < pegged.Length; i++)
            {
                pegged[i] = onePass.DependingOn([i]);
            }

            t["receipts pegged (one pass)"] = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var differ = 0;
            for (var i = 0; i < pegged.Length; i++)
            {
                differ += run.CustomerOrdersDependingOn(i).SequenceEqual(pegged[i]) ? 0 : 1;
            }

            t["(per receipt, before)"] = watch.Elapsed.TotalMilliseconds;
            if (differ > 0)
            {
                Console.WriteLine($"  {differ} receipts pegged differently than before");
                return 1;
            }
            watch.Restart();
            var rows = run.LoadRows();
            foreach (var row in rows)
            {
                _ = run.Queue(row.Workstation);
            }

            t["loads+queues"] = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            ulong sum = 0;
            foreach (var c in all)
            {
                sum ^= c.OrderFeedback is { } f ? PlanPrint.Of(f) : PlanPrint.Of(c.Load!);
            }

            t["prints"] = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            foreach (var c in all)
            {
                sum ^= PlanConsequences.JsonPrint(c);
            }

            t["(JSON prints, before)"] = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var json = JsonSerializer.SerializeToUtf8Bytes(new { Data = plant.Data, Orders = orders }, CollabSerialization.StateJson);
            t["snapshot json"] = watch.Elapsed.TotalMilliseconds;
            var ordersJson = JsonSerializer.SerializeToUtf8Bytes(orders, CollabSerialization.StateJson);
            Console.WriteLine($"  full #{k + 1} ({parts}): " + string.Join(", ", t.Select(kv => $"{kv.Key} {kv.Value:0} ms")) +
                $"; {all.Count} consequences, snapshot {json.Length / 1024} KB (orders {ordersJson.Length / 1024} KB)");
        }

        var first = run!;
        watch.Restart();
        var cold = PlanConsequences.Of(new PlanComputation(Inputs()), "r");
        Console.WriteLine($"  full computation + consequences cold: {watch.Elapsed.TotalMilliseconds:0} ms");

        // Net change: one PO line's date moves by a week, then back.
        var po = orders.FindIndex(o => o.Ref.Kind == ObjectKind.PurchaseOrder);
        for (var k = 0; k < runs * 2; k++)
        {
            var o = orders[po + k];
            orders[po + k] = o with { Lines = [o.Lines[0] with { Date = o.Lines[0].Date.AddDays(7) }, .. o.Lines.Skip(1)] };
            watch.Restart();
            var nextParts = new PlanPhaseTimer();
            var next = new PlanComputation(Inputs(), run, keepSession: true, nextParts.Done);
            var compute = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var all = PlanConsequences.Of(next, "r");
            Console.WriteLine($"  net change #{k + 1}: {next.ReplannedItems} items replanned, compute {compute:0} ms ({nextParts}), consequences {watch.Elapsed.TotalMilliseconds:0} ms");
            run = next;
        }

        return cold.Count > 0 && first is not null ? 0 : 1;
    }
}
