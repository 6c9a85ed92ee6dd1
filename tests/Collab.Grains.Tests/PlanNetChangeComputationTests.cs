using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Domain.Demo;
using Collab.Domain.Plan;

namespace Collab.Grains.Tests;

/// <summary>
/// Issue #17: a plan run that carries on the previous run's MRP session (net change) gives exactly what a full run of
/// the same inputs gives, after every edit of a sequence (order dates and quantities, stock, an order added), and
/// replans only part of the plant for an order edit. Pure: no cluster.
/// </summary>
public sealed class PlanNetChangeComputationTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void Net_change_runs_equal_full_runs_after_each_edit_of_a_sequence()
    {
        var plant = LargePlantGenerator.Generate(Today, new LargePlantOptions(Items: 400, Levels: 5, Workstations: 12, ManufacturingOrders: 60, PurchaseOrders: 80, CustomerOrders: 150, Seed: 3));
        var orders = plant.OpenOrderSummaries();
        var data = plant.Data;
        PlanInputs Inputs() => new() { RunId = "r", Today = Today, Settings = SiteSettings.Default, Data = data, Orders = [.. orders] };
        int Find(ObjectKind kind) => orders.FindIndex(o => o.Ref.Kind == kind);

        var edits = new List<(string What, Action Edit)>
        {
            ("PO date later", () => { var k = Find(ObjectKind.PurchaseOrder); orders[k] = WithLine(orders[k], l => l with { Date = l.Date.AddDays(14) }); }),
            ("MO quantity", () => { var k = Find(ObjectKind.ManufacturingOrder); orders[k] = WithLine(orders[k], l => l with { OpenQty = l.OpenQty + 7 }); }),
            ("PO date earlier", () => { var k = orders.FindLastIndex(o => o.Ref.Kind == ObjectKind.PurchaseOrder); orders[k] = WithLine(orders[k], l => l with { Date = l.Date.AddDays(-7) }); }),
            ("CO quantity (no forecast)", () => { var k = Find(ObjectKind.CustomerOrder); orders[k] = WithLine(orders[k], l => l with { OpenQty = l.OpenQty + 3 }); }),
            ("stock", () => data = data with { Stock = [.. data.Stock.Select((s, n) => n == 0 ? s with { OnHand = s.OnHand + 50 } : s)] }),
            ("MO closed", () => orders.RemoveAt(orders.FindLastIndex(o => o.Ref.Kind == ObjectKind.ManufacturingOrder))),
            ("PO quantity", () => { var k = Find(ObjectKind.PurchaseOrder); orders[k] = WithLine(orders[k], l => l with { OpenQty = l.OpenQty * 2 }); }),
        };

        var carried = new PlanComputation(Inputs(), null, keepSession: true);
        var partial = 0;
        foreach (var (what, edit) in edits)
        {
            edit();
            var net = new PlanComputation(Inputs(), carried, keepSession: true);
            var full = new PlanComputation(Inputs());
            AssertSame(full, net, what);
            partial += net.ReplannedItems < data.Items.Count ? 1 : 0;
            carried = net;
        }

        Assert.True(partial >= 4, $"only {partial} of {edits.Count} edits were net changes");
    }

    private static void AssertSame(PlanComputation full, PlanComputation net, string what)
    {
        Assert.True(full.Mrp.ItemCount == net.Mrp.ItemCount, what);
        for (var i = 0; i < full.Mrp.ItemCount; i++)
        {
            Assert.True(full.Mrp.GrossRequirements(i).SequenceEqual(net.Mrp.GrossRequirements(i)), $"{what}: gross of {full.Mrp.Code(i)}");
            Assert.True(full.Mrp.ProjectedAvailable(i).SequenceEqual(net.Mrp.ProjectedAvailable(i)), $"{what}: projected of {full.Mrp.Code(i)}");
            Assert.True(full.Mrp.PlannedOrderReleases(i).SequenceEqual(net.Mrp.PlannedOrderReleases(i)), $"{what}: releases of {full.Mrp.Code(i)}");
        }

        Assert.Equal(full.Mrp.PlannedOrders, net.Mrp.PlannedOrders);
        Assert.Equal(full.Exceptions.Select(Text), net.Exceptions.Select(Text));
        var a = PlanConsequences.Of(full, "r");
        var b = PlanConsequences.Of(net, "r");
        Assert.Equal(a.Select(c => (c.Key, c.Print)), b.Select(c => (c.Key, c.Print)));
        Assert.Equal(Collab.Domain.Plan.PlanConsequences.Fingerprint(full.StockRows()), Collab.Domain.Plan.PlanConsequences.Fingerprint(net.StockRows()));
    }

    private static string Text(PlanExceptionView e) => System.Text.Json.JsonSerializer.Serialize(e);

    private static OrderSummary WithLine(OrderSummary o, Func<OrderLineSummary, OrderLineSummary> change) =>
        o with { Lines = [change(o.Lines[0]), .. o.Lines.Skip(1)] };
}
