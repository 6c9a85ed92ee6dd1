using Collab.Planning.Capacity;
using Collab.Planning.Diff;
using Collab.Planning.MasterData;
using Collab.Planning.Mrp;
using Collab.Planning.Tests.Mrp;

namespace Collab.Planning.Tests.Diff;

public class PlanDiffTests
{
    [Fact]
    public void Same_plan_has_no_difference()
    {
        var a = MrpEngine.Run(WorkedExample.Input);
        Assert.True(PlanDiff.Compare(a, MrpEngine.Run(WorkedExample.Input)).IsEmpty);
    }

    [Fact]
    public void Changes_since_the_last_meeting()
    {
        var before = MrpEngine.Run(WorkedExample.Input);
        // C gets 400 in stock: its past-due order disappears and with it the late demands;
        // A's demand in p6 grows to 35 (A's p6 order resized) and B's open receipt is moved to period 3, where it is needed.
        var edited = WorkedExample.Input with
        {
            Items = [.. WorkedExample.Input.Items.Select(i => i.Code == "C" ? i with { OnHand = 400 } : i)],
            Demands = [.. WorkedExample.Input.Demands.Select((d, k) => k == 2 ? d with { Qty = 35 } : d)],
            ScheduledReceipts = [new MrpScheduledReceipt("B", 3, 20)],
        };
        var after = MrpEngine.Run(edited);
        var diff = PlanDiff.Compare(before, after);

        Assert.Empty(diff.NewLateDemands);
        Assert.Equal(["#0", "#1"], diff.ResolvedLateDemands.Select(l => l.Demand));
        Assert.Contains(new PlannedOrderChange(OrderChangeKind.Resized, "A", 6, 6, 25, 35), diff.PlannedOrders);
        Assert.Contains(diff.PlannedOrders, c => c.Kind == OrderChangeKind.Removed && c.Item == "C" && c.OldReceiptPeriod == 1);
        Assert.Contains(new ExceptionKey(MrpExceptionType.PastDueRelease, "C", null, 1), diff.ExceptionsCleared);
        Assert.Contains(diff.ExceptionsCleared, e => e.Type == MrpExceptionType.RescheduleOut && e.Item == "B");
        Assert.Empty(diff.ExceptionsAppeared);
    }

    [Fact]
    public void Moved_orders_and_new_overloads()
    {
        var input = new MrpInput { Periods = 4, Items = [new MrpItem { Code = "X" }], Demands = [new MrpDemand("X", 2, 10)] };
        var before = MrpEngine.Run(input);
        var after = MrpEngine.Run(input with { Demands = [new MrpDemand("X", 4, 10), new MrpDemand("X", 1, 5)] });
        var weeks = Buckets.Build(new DateOnly(2027, 1, 4), BucketSize.Week, 4);
        CapacityResult Load(double qty) => CapacityEngine.Run(new CapacityInput
        {
            Workstations = [new Workstation { Code = "W" }],
            Routings = [new RoutingOperation("X", 10, "W", 0, 1)],
            Orders = [new CapacityOrder("MO", "X", qty, new DateOnly(2027, 1, 8))],
            Buckets = weeks,
        });
        var diff = PlanDiff.Compare(before, after, Load(30), Load(50));
        Assert.Equal(
            [new PlannedOrderChange(OrderChangeKind.Moved, "X", 2, 1, 10, 5), new PlannedOrderChange(OrderChangeKind.New, "X", null, 4, 0, 10)],
            diff.PlannedOrders);
        Assert.Equal([new OverloadKey("W", 1, 10)], diff.NewOverloads);
        Assert.Empty(diff.ResolvedOverloads);
    }
}
