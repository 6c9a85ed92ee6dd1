using Collab.Planning.Mrp;

namespace Collab.Planning.Tests.Mrp;

/// <summary>One-item textbook records computed by hand, one per rule of the exchange spec.</summary>
public class TextbookTests
{
    private static MrpResult Plan(MrpItem item, int periods, double[] demand, params MrpScheduledReceipt[] receipts) =>
        MrpEngine.Run(new MrpInput
        {
            Periods = periods,
            Items = [item],
            Demands = [.. demand.Select((q, t) => new MrpDemand(item.Code, t + 1, q)).Where(d => d.Qty > 0)],
            ScheduledReceipts = receipts,
        });

    private static void Rows(MrpResult r, double[] projected, double[] net, double[] receipts, double[] releases)
    {
        WorkedExample.AssertRow(projected, r.ProjectedAvailable(0), "projected");
        WorkedExample.AssertRow(net, r.NetRequirements(0), "net");
        WorkedExample.AssertRow(receipts, r.PlannedOrderReceipts(0), "planned receipts");
        WorkedExample.AssertRow(releases, r.PlannedOrderReleases(0), "planned releases");
    }

    [Fact]
    public void Lot_for_lot_orders_exactly_the_net_requirement()
    {
        var r = Plan(new MrpItem { Code = "X", LeadTime = 1, OnHand = 15 }, 4, [10, 20, 0, 30]);
        Rows(r, [5, 0, 0, 0], [0, 15, 0, 30], [0, 15, 0, 30], [15, 0, 30, 0]);
        Assert.DoesNotContain(r.Exceptions, e => e.Type == MrpExceptionType.PastDueRelease);
    }

    [Fact]
    public void Fixed_order_quantity_orders_at_least_the_fixed_quantity()
    {
        var r = Plan(new MrpItem { Code = "X", LeadTime = 1, OnHand = 15, LotSizing = LotSizing.Foq(50) }, 5, [10, 20, 0, 30, 40]);
        Rows(r, [5, 35, 35, 5, 15], [0, 15, 0, 0, 35], [0, 50, 0, 0, 50], [50, 0, 0, 50, 0]);

        // A need larger than the fixed quantity is ordered in full.
        var big = Plan(new MrpItem { Code = "X", LotSizing = LotSizing.Foq(50) }, 1, [80]);
        Rows(big, [0], [80], [80], [80]);
    }

    [Fact]
    public void Period_order_quantity_covers_the_next_P_periods()
    {
        var r = Plan(new MrpItem { Code = "X", OnHand = 5, LotSizing = LotSizing.Poq(3) }, 6, [10, 20, 10, 30, 20, 10]);
        Rows(r, [30, 10, 0, 30, 10, 0], [5, 0, 0, 30, 0, 0], [35, 0, 0, 60, 0, 0], [35, 0, 0, 60, 0, 0]);

        // The POQ window is capped at the horizon.
        var capped = Plan(new MrpItem { Code = "X", LotSizing = LotSizing.Poq(4) }, 3, [0, 0, 10, 0]);
        Rows(capped, [0, 0, 0], [0, 0, 10], [0, 0, 10], [0, 0, 10]);
    }

    [Fact]
    public void Economic_order_quantity_uses_the_wilson_formula()
    {
        // √(2 · 1200 · 50 / 12) = 100
        var lot = LotSizing.Eoq(1200, 50, 12);
        Assert.Equal(100, lot.EconomicQuantity, 9);
        var r = Plan(new MrpItem { Code = "X", LotSizing = lot }, 3, [30, 120, 0]);
        Rows(r, [70, 50, 50], [30, 50, 0], [100, 100, 0], [100, 100, 0]);
    }

    [Fact]
    public void Safety_stock_is_protected()
    {
        var r = Plan(new MrpItem { Code = "X", OnHand = 30, SafetyStock = 20 }, 3, [5, 10, 10]);
        Rows(r, [25, 20, 20], [0, 5, 10], [0, 5, 10], [0, 5, 10]);

        // On hand below safety stock with no demand at all: MRP replenishes in period 1.
        var low = Plan(new MrpItem { Code = "X", OnHand = 4, SafetyStock = 10 }, 2, [0, 0]);
        Rows(low, [10, 10], [6, 0], [6, 0], [6, 0]);
    }

    [Fact]
    public void Min_then_multiple_then_max_split()
    {
        var r = Plan(new MrpItem { Code = "X", MinQty = 30, Multiple = 25, MaxQty = 40 }, 2, [10, 100]);
        // p1: 10 → min 30 → multiple 50 → two orders 40 + 10; p2: need 60 → 75 → 40 + 35.
        Rows(r, [40, 15], [10, 60], [50, 75], [50, 75]);
        Assert.Equal([(1, 40.0), (1, 10), (2, 40), (2, 35)], r.PlannedOrders.Select(o => (o.ReceiptPeriod, o.Qty)));
    }

    [Fact]
    public void Release_before_period_one_is_put_in_period_one_and_flagged_past_due()
    {
        var r = Plan(new MrpItem { Code = "X", LeadTime = 3 }, 5, [0, 10, 0, 0, 7]);
        Rows(r, [0, 0, 0, 0, 0], [0, 10, 0, 0, 7], [0, 10, 0, 0, 7], [10, 7, 0, 0, 0]);
        var e = Assert.Single(r.Exceptions, x => x.Type == MrpExceptionType.PastDueRelease);
        Assert.Equal((2, 10.0, -1), (e.ReceiptPeriod!.Value, e.Qty, e.NeededReleasePeriod!.Value));
        Assert.True(r.PlannedOrders[0].PastDue);
        Assert.False(r.PlannedOrders[1].PastDue);
        var late = Assert.Single(r.Exceptions, x => x.Type == MrpExceptionType.LateDemand);
        Assert.Equal((2, 2, "X"), (late.FromPeriod!.Value, late.DelayPeriods!.Value, late.Causes.Single()));
    }

    [Fact]
    public void Periods_at_or_before_zero_count_in_period_one_and_beyond_the_horizon_are_ignored()
    {
        var input = new MrpInput
        {
            Periods = 3,
            Items = [new MrpItem { Code = "X", OnHand = 0 }],
            Demands = [new MrpDemand("X", 0, 5), new MrpDemand("X", -3, 4), new MrpDemand("X", 4, 100), new MrpDemand("X", 3, 1)],
            ScheduledReceipts = [new MrpScheduledReceipt("X", -1, 2), new MrpScheduledReceipt("X", 9, 50)],
        };
        var r = MrpEngine.Run(input);
        WorkedExample.AssertRow([9, 0, 1], r.GrossRequirements(0), "gross");
        WorkedExample.AssertRow([2, 0, 0], r.ScheduledReceipts(0), "receipts");
        WorkedExample.AssertRow([7, 0, 1], r.PlannedOrderReceipts(0), "planned");
    }

    [Fact]
    public void Scheduled_receipts_get_reschedule_in_out_and_cancel_messages()
    {
        var input = new MrpInput
        {
            Periods = 6,
            Items = [new MrpItem { Code = "X", OnHand = 10 }, new MrpItem { Code = "Y", OnHand = 100 }],
            Demands = [new MrpDemand("X", 2, 15), new MrpDemand("X", 5, 20), new MrpDemand("Y", 1, 10)],
            ScheduledReceipts =
            [
                new MrpScheduledReceipt("X", 4, 5) { Id = "PO-1" },   // second in due order: needed in 5 → reschedule out
                new MrpScheduledReceipt("X", 3, 20) { Id = "PO-2" },  // first in due order: needed in 2 → reschedule in
                new MrpScheduledReceipt("Y", 2, 30) { Id = "MO-9" },  // never needed → cancel
            ],
        };
        var r = MrpEngine.Run(input);
        var messages = r.Exceptions.Where(e => e.Type is MrpExceptionType.RescheduleIn or MrpExceptionType.RescheduleOut or MrpExceptionType.Cancel)
            .Select(e => (e.Type, e.Order, e.FromPeriod, e.ToPeriod)).ToList();
        Assert.Equal(
            [(MrpExceptionType.RescheduleIn, "PO-2", 3, 2), (MrpExceptionType.RescheduleOut, "PO-1", 4, 5), (MrpExceptionType.Cancel, "MO-9", 2, (int?)null)],
            messages.Select(m => (m.Type, m.Order, m.FromPeriod!.Value, m.ToPeriod)));
    }

    [Theory]
    [InlineData(OptionalOrderPolicy.Weighted, 30 + 20)]
    [InlineData(OptionalOrderPolicy.Full, 100 + 20)]
    [InlineData(OptionalOrderPolicy.Ignore, 20)]
    public void Optional_orders_enter_weighted_full_or_not_at_all(OptionalOrderPolicy policy, double gross)
    {
        var input = new MrpInput
        {
            Periods = 1,
            Items = [new MrpItem { Code = "X" }],
            Demands = [new MrpDemand("X", 1, 100) { Firm = false, Probability = 0.3 }, new MrpDemand("X", 1, 20)],
            OptionalOrders = policy,
        };
        WorkedExample.AssertRow([gross], MrpEngine.Run(input).GrossRequirements(0), "gross");
    }

    [Fact]
    public void Buy_items_carry_their_supplier_on_planned_orders()
    {
        var r = Plan(new MrpItem { Code = "X", Source = MakeOrBuy.Buy, Supplier = "ACME" }, 1, [5]);
        Assert.Equal((MakeOrBuy.Buy, "ACME"), (r.PlannedOrders[0].Source, r.PlannedOrders[0].Supplier));
        var make = Plan(new MrpItem { Code = "Y", Supplier = "ignored" }, 1, [5]);
        Assert.Equal((MakeOrBuy.Make, (string?)null), (make.PlannedOrders[0].Source, make.PlannedOrders[0].Supplier));
    }

    [Fact]
    public void Low_level_code_is_the_longest_path_so_a_shared_component_is_planned_once_after_all_parents()
    {
        // A → B → C and A → C: C has LLC 2 and gets both A's and B's requirements.
        var input = new MrpInput
        {
            Periods = 2,
            Items = [new MrpItem { Code = "C" }, new MrpItem { Code = "B" }, new MrpItem { Code = "A" }],
            Bom = [new MrpBomLine("A", "C", 1), new MrpBomLine("B", "C", 2), new MrpBomLine("A", "B", 1)],
            Demands = [new MrpDemand("A", 2, 10)],
        };
        var r = MrpEngine.Run(input);
        Assert.Equal([2, 1, 0], Enumerable.Range(0, 3).Select(r.LowLevelCode));
        WorkedExample.AssertRow([0, 30], r.GrossRequirements(0), "C gross");
    }
}
