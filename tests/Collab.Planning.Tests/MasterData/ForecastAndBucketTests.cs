using Collab.Planning.MasterData;
using Collab.Planning.Mrp;

namespace Collab.Planning.Tests.MasterData;

public class ForecastAndBucketTests
{
    [Fact]
    public void Firm_orders_consume_their_period_then_backward_then_forward()
    {
        // Order of 150 in p2: 100 from p2, 50 from p1 (backward). Order of 30 in p3: from p3.
        var r = ForecastConsumption.Consume([100, 100, 100, 100], [(2, 150), (3, 30)], backward: 1, forward: 1);
        Assert.Equal([50.0, 0, 70, 100], r.Remaining);
        Assert.Equal([50.0, 100, 30, 0], r.Consumed);
        Assert.Equal(0, r.OverConsumption);
    }

    [Fact]
    public void Consumption_goes_forward_when_backward_is_empty_and_reports_over_consumption()
    {
        var r = ForecastConsumption.Consume([0, 50, 50], [(1, 80)], backward: 1, forward: 1);
        Assert.Equal([0.0, 0, 50], r.Remaining);
        Assert.Equal(30, r.OverConsumption);
    }

    [Fact]
    public void Window_limits_consumption()
    {
        // No window: only the order's own period is consumed.
        var r = ForecastConsumption.Consume([40, 10, 40], [(2, 30)], backward: 0, forward: 0);
        Assert.Equal([40.0, 0, 40], r.Remaining);
        Assert.Equal(20, r.OverConsumption);
        // Backward 2 reaches p1 before forward 1 reaches p3.
        var wide = ForecastConsumption.Consume([40, 10, 40], [(2, 30)], backward: 2, forward: 1);
        Assert.Equal([20.0, 0, 40], wide.Remaining);
    }

    [Fact]
    public void Week_and_month_buckets_and_date_mapping()
    {
        var weeks = Buckets.Build(new DateOnly(2027, 1, 6), BucketSize.Week, 3); // a Wednesday
        Assert.Equal(new DateOnly(2027, 1, 4), weeks[0].Start);                  // its Monday
        Assert.Equal(new DateOnly(2027, 1, 25), weeks[^1].End);
        Assert.Equal(0, Buckets.NumberOf(weeks, new DateOnly(2027, 1, 3)));
        Assert.Equal(2, Buckets.NumberOf(weeks, new DateOnly(2027, 1, 17)));
        Assert.Equal(4, Buckets.NumberOf(weeks, new DateOnly(2027, 1, 25)));
        var months = Buckets.Build(new DateOnly(2027, 2, 15), BucketSize.Month, 2);
        Assert.Equal((28, 31), (months[0].Days, months[1].Days));
    }

    [Fact]
    public void Workstation_available_hours_use_shifts_closures_machines_and_efficiency()
    {
        var ws = new Workstation
        {
            Code = "CNC",
            Shifts = ShiftPattern.Shifts(2), // 16 h Monday..Friday
            Machines = 3,
            Efficiency = 0.8,
            Closures = [new(2027, 1, 6)],
        };
        // Week of 2027-01-04: 4 open days × 16 h × 3 × 0.8 = 153.6 h.
        Assert.Equal(153.6, ws.AvailableHours(new DateOnly(2027, 1, 4), new DateOnly(2027, 1, 11)), 9);
        Assert.Equal(0, ws.AvailableHours(new DateOnly(2027, 1, 9)));
    }

    [Fact]
    public void Site_data_becomes_the_bucketed_mrp_problem()
    {
        var weeks = Buckets.Build(new DateOnly(2027, 1, 4), BucketSize.Week, 4);
        var plant = new PlantData
        {
            Items =
            [
                new Item { Code = "BIKE", Family = "CYCLES", LeadTimeDays = 8 },
                new Item { Code = "WHEEL", Source = MakeOrBuy.Buy, PreferredSupplier = "ACME", LeadTimeDays = 7 },
            ],
            Bom =
            [
                new BomLine("BIKE", "WHEEL", 2),
                new BomLine("BIKE", "OLDWHEEL", 2) { ValidTo = new DateOnly(2026, 12, 31) },
            ],
            Stock = [new StockRecord("WHEEL", 30, 10), new StockRecord("WHEEL", 5)],
            ScheduledReceipts = [new ScheduledReceipt("PO-7", "WHEEL", 40, new DateOnly(2026, 12, 28), OrderKind.Purchase)],
            CustomerOrders =
            [
                new CustomerOrder("SO-1", "BIKE", 10, new DateOnly(2027, 1, 13)),
                new CustomerOrder("SO-2", "BIKE", 20, new DateOnly(2027, 1, 20)) { Firm = false, Probability = 0.5 },
            ],
            Forecasts = [new Forecast("BIKE", new DateOnly(2027, 1, 11), 25), new Forecast("CYCLES", new DateOnly(2027, 1, 11), 500) { IsFamily = true }],
        };
        var input = MrpInputBuilder.Build(plant, weeks);
        Assert.Equal(4, input.Periods);
        Assert.Equal([2, 1], input.Items.Select(i => i.LeadTime));            // 8 days → 2 weeks, 7 days → 1 week
        Assert.Equal(25, input.Items[1].OnHand);                              // 30 − 10 allocated + 5
        Assert.Equal("ACME", input.Items[1].Supplier);
        Assert.Single(input.Bom);                                             // the expired line is left out
        Assert.Equal(0, input.ScheduledReceipts[0].Period);                   // overdue PO → past due
        Assert.Equal([("SO-1", 2, 10.0, true), ("SO-2", 3, 20, false), ("FC-BIKE-2", 2, 15, true)],
            input.Demands.Select(d => (d.Id!, d.Period, d.Qty, d.Firm)));      // forecast 25 − firm 10
        Assert.Empty(MrpValidator.Validate(input));
    }
}
