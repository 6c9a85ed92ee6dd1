using Collab.Planning.Lateness;

namespace Collab.Planning.Tests.Lateness;

/// <summary>THE definition of late per kind of order (docs/late.md).</summary>
public class LateTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    [Theory]
    [InlineData("2026-12-01", null, true)]       // promised yesterday, still open: late
    [InlineData("2026-12-02", null, false)]      // promised today: not yet late
    [InlineData("2026-12-10", null, false)]      // plan serves it on time
    [InlineData("2026-12-10", "2026-12-17", true)] // plan: available a week after the promise
    [InlineData("2026-12-10", "2026-12-10", false)] // available on the promised day
    [InlineData("2026-11-20", "2026-11-27", true)] // both past: late
    public void Customer_order_is_late_when_promised_before_it_can_be_available(string promised, string? available, bool late) =>
        Assert.Equal(late, Late.CustomerOrder(DateOnly.Parse(promised), available is null ? null : DateOnly.Parse(available), Today));

    [Theory]
    [InlineData("2026-12-01", null, null, true)]               // due yesterday, not finished
    [InlineData("2026-12-02", null, null, false)]              // due today
    [InlineData("2026-12-09", null, "2026-12-11", true)]       // the finite schedule ends it after its due date
    [InlineData("2026-12-09", null, "2026-12-08", false)]      // scheduled to end before
    [InlineData("2026-12-09", "2026-12-04", null, true)]       // the plan needs it earlier than it is due (MRP "avancer")
    [InlineData("2026-12-09", "2026-12-16", null, false)]      // the plan needs it later (MRP "reculer"): not late
    [InlineData("2026-12-09", "2026-12-16", "2026-12-12", false)] // scheduled end after the due date but before the need date: not late
    [InlineData("2026-12-09", "2026-12-16", "2026-12-17", true)] // scheduled end after the need date
    [InlineData("2026-12-09", "2026-12-04", "2026-12-08", true)] // ends before its due date, after the need date (MRP "avancer")
    public void Manufacturing_order_is_late_when_its_end_is_after_its_need_date(string due, string? needed, string? end, bool late) =>
        Assert.Equal(late, Late.ManufacturingOrder(DateOnly.Parse(due), needed is null ? null : DateOnly.Parse(needed), end is null ? null : DateOnly.Parse(end), Today));

    [Fact]
    public void The_need_date_of_an_MO_is_its_customer_orders_promise_else_the_plans_need_else_its_due_date()
    {
        var due = new DateOnly(2026, 11, 30);
        Assert.Equal(new DateOnly(2026, 12, 4), Late.ManufacturingOrderNeed(due, new DateOnly(2026, 12, 1), [new(2026, 12, 9), new(2026, 12, 4)]));
        Assert.Equal(new DateOnly(2026, 12, 1), Late.ManufacturingOrderNeed(due, new DateOnly(2026, 12, 1), []));
        Assert.Equal(due, Late.ManufacturingOrderNeed(due, null, []));
    }

    [Theory]
    [InlineData("2026-12-10", "2026-12-10T18:00", null, false)] // the last MO ends on the promised day: on time
    [InlineData("2026-12-10", "2026-12-11T00:00", null, false)] // ends at midnight, the end of the promised day
    [InlineData("2026-12-10", "2026-12-11T06:30", null, true)]  // ends the day after
    [InlineData("2026-12-10", null, "2026-12-17", true)]        // no scheduled MO: the plan's availability
    [InlineData("2026-12-10", null, null, false)]
    [InlineData("2026-12-01", "2026-12-01T10:00", null, true)]  // promised yesterday: late whatever the schedule
    public void Customer_order_is_late_in_the_schedule_by_the_same_rule(string promised, string? scheduledEnd, string? planAvailability, bool late) =>
        Assert.Equal(late, Late.ScheduledCustomerOrder(DateOnly.Parse(promised), scheduledEnd is null ? null : DateTime.Parse(scheduledEnd, System.Globalization.CultureInfo.InvariantCulture),
            planAvailability is null ? null : DateOnly.Parse(planAvailability), Today));

    [Theory]
    [InlineData("2026-11-30", null, true)]          // expected Monday, not received
    [InlineData("2026-12-02", null, false)]
    [InlineData("2026-12-09", "2026-12-07", true)]  // arrives after the plan needs it
    [InlineData("2026-12-09", "2026-12-14", false)] // push-out: not late
    public void Purchase_order_is_late_when_it_arrives_after_it_is_needed(string expected, string? needed, bool late) =>
        Assert.Equal(late, Late.PurchaseOrder(DateOnly.Parse(expected), needed is null ? null : DateOnly.Parse(needed), Today));

    [Theory]
    [InlineData(0, 0, 100)]
    [InlineData(5, 1, 80)]
    [InlineData(3, 1, 66.7)]
    [InlineData(4, 4, 0)]
    public void Projected_service_rate_is_the_share_of_open_items_on_time(int open, int late, double percent) =>
        Assert.Equal(percent, Late.ServiceRatePercent(open, late));
}
