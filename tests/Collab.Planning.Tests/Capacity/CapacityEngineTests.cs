using Collab.Planning.Capacity;
using Collab.Planning.MasterData;
using Collab.Planning.Mrp;

namespace Collab.Planning.Tests.Capacity;

public class CapacityEngineTests
{
    private static readonly IReadOnlyList<Bucket> Weeks = Buckets.Build(new DateOnly(2027, 1, 4), BucketSize.Week, 3);

    private static CapacityInput Plant(params CapacityOrder[] orders) => new()
    {
        Workstations =
        [
            new Workstation { Code = "SAW", Shifts = ShiftPattern.Shifts(1) },                  // 8 h/day, 40 h/week
            new Workstation { Code = "WELD", Shifts = ShiftPattern.Shifts(1), Machines = 2, Efficiency = 0.5 }, // 40 h/week
        ],
        Routings =
        [
            new RoutingOperation("FRAME", 10, "SAW", 2, 0.5),
            new RoutingOperation("FRAME", 20, "WELD", 0, 1),
        ],
        Orders = orders,
        Buckets = Weeks,
    };

    [Fact]
    public void Operations_are_placed_backward_from_the_need_date_through_the_routing()
    {
        // 12 frames needed Friday 2027-01-15 (week 2). WELD: 12 h at 8 × 0.5 = 4 h/day on one machine:
        // Fri 15, Thu 14, Wed 13. SAW: 2 + 6 = 8 h, the day before: Tue 12.
        var r = CapacityEngine.Run(Plant(new CapacityOrder("MO-1", "FRAME", 12, new DateOnly(2027, 1, 15), OrderStatus.Released)));
        var weld = r.Placements.Single(p => p.Sequence == 20);
        var saw = r.Placements.Single(p => p.Sequence == 10);
        Assert.Equal((new DateOnly(2027, 1, 13), new DateOnly(2027, 1, 15)), (weld.Start, weld.End));
        Assert.Equal((new DateOnly(2027, 1, 12), new DateOnly(2027, 1, 12)), (saw.Start, saw.End));
        var week2 = r.Loads.Where(l => l.Bucket == 2).ToDictionary(l => l.Workstation);
        Assert.Equal((40.0, 8.0), (week2["SAW"].Available, week2["SAW"].Load));
        Assert.Equal((40.0, 12.0), (week2["WELD"].Available, week2["WELD"].Load));
        Assert.Empty(r.Overloads);
        Assert.Equal(OrderStatus.Released, week2["SAW"].Orders.Single().Status);
    }

    [Fact]
    public void Overloads_are_listed_with_the_orders_causing_them()
    {
        // Three orders due the same Friday: SAW gets 2 + 0.5 q each. 40 + 20 + 10 frames → 22 + 12 + 7 = 41 h... spread
        // backward over week 1 and 2, but WELD needs 70 h at 4 h/day/machine: it runs into week 1 too.
        var r = CapacityEngine.Run(Plant(
            new CapacityOrder("MO-A", "FRAME", 40, new DateOnly(2027, 1, 15)),
            new CapacityOrder("MO-B", "FRAME", 20, new DateOnly(2027, 1, 15)),
            new CapacityOrder("MO-C", "FRAME", 10, new DateOnly(2027, 1, 15))));
        var weldWeek2 = r.Loads.Single(l => l.Workstation == "WELD" && l.Bucket == 2);
        // Each order spreads on one machine at 4 h/day from Friday backward: A 40 h = 10 days (week 2 gets 20 h),
        // B 20 h = 5 days (all in week 2), C 10 h (all in week 2): 50 h > 40 h available.
        Assert.Equal(50, weldWeek2.Load, 9);
        var overload = Assert.Single(r.Overloads);
        Assert.Equal(("WELD", 2, 10.0), (overload.Workstation, overload.Bucket, overload.Excess));
        Assert.Equal(["MO-A", "MO-B", "MO-C"], overload.Orders.Select(o => o.Order));
        Assert.Equal([20.0, 20, 10], overload.Orders.Select(o => o.Hours));
        // Total load is conserved: every standard hour of every operation lands in some bucket.
        Assert.Equal(3 * 2 + 0.5 * 70 + 70, r.Loads.Sum(l => l.Load), 9);
    }

    [Fact]
    public void Load_before_the_horizon_counts_in_the_first_bucket_and_orders_without_routing_are_listed()
    {
        var r = CapacityEngine.Run(Plant(
            new CapacityOrder("MO-1", "FRAME", 20, new DateOnly(2027, 1, 5)),
            new CapacityOrder("MO-2", "SADDLE", 5, new DateOnly(2027, 1, 5))));
        Assert.True(r.Placements.Single(p => p.Sequence == 10).StartsBeforeHorizon);
        Assert.Equal(2 + 10 + 20, r.Loads.Where(l => l.Bucket == 1).Sum(l => l.Load), 9);
        Assert.Equal(["MO-2"], r.UnroutedOrders);
    }

    [Fact]
    public void Planned_make_orders_from_mrp_become_capacity_orders()
    {
        var mrp = MrpEngine.Run(new MrpInput
        {
            Periods = 3,
            Items = [new MrpItem { Code = "FRAME", LeadTime = 1 }, new MrpItem { Code = "TUBE", Source = MakeOrBuy.Buy }],
            Bom = [new MrpBomLine("FRAME", "TUBE", 3)],
            Demands = [new MrpDemand("FRAME", 3, 12)],
        });
        var orders = CapacityEngine.FromPlannedOrders(mrp, Weeks);
        var order = Assert.Single(orders);
        Assert.Equal(("FRAME", 12.0, new DateOnly(2027, 1, 17)), (order.Item, order.Qty, order.NeedDate));
    }

    [Fact]
    public void Unknown_workstation_in_routing_is_reported()
    {
        var input = Plant() with { Routings = [new RoutingOperation("X", 10, "LASER", 1, 1)] };
        Assert.Equal("$.routings[0].workstation", Assert.Single(CapacityEngine.Validate(input)).Path);
    }
}
