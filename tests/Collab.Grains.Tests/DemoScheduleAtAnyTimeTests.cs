using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Scheduling;
using Collab.Contracts.Sites;
using Collab.Grains.Demo;
using Collab.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Collab.Grains.Tests;

/// <summary>
/// The demo started at any time of the day or week shows a credible finite schedule (issue #18): its late MOs and
/// customer orders are those of the plan plus those the overloaded test bench (ESS-01) explains, each with its reason
/// chained, and those waiting for a purchased component (a material release) — not dozens of MOs late because the demo was started after the shift or on
/// a weekend. Each time gets its own cluster (the demo is seeded once per site).
/// </summary>
[Collection("schedule-cluster")]
public sealed class DemoScheduleAtAnyTimeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("2026-11-23T05:00", "2026-11-23")] // Monday before the shift: this week
    [InlineData("2026-11-23T13:59", "2026-11-23")] // Monday, last minute of the day shift
    [InlineData("2026-11-23T14:00", "2026-11-30")] // Monday, day shift over: next week
    [InlineData("2026-11-25T17:07", "2026-11-30")]
    [InlineData("2026-11-28T10:00", "2026-11-30")]
    [InlineData("2026-11-29T23:59", "2026-11-30")] // Sunday night: tomorrow
    public void The_demo_plans_this_week_on_a_Monday_before_the_day_shift_ends_else_next_week(string at, string week) =>
        Assert.Equal(DateOnly.Parse(week, System.Globalization.CultureInfo.InvariantCulture), DemoPlant.PlanningWeek(DateTime.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-11-23T08:30")] // Monday, in the day shift
    [InlineData("2026-11-25T17:07")] // Wednesday, after the day shift
    [InlineData("2026-11-25T23:40")] // Wednesday, night
    [InlineData("2026-11-28T10:00")] // Saturday
    public async Task The_demo_schedule_has_no_more_late_orders_than_the_plan_plus_those_the_ESS01_overload_explains(string at)
    {
        var now = DateTime.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
        var fixture = new ClusterFixture();
        fixture.Clock.SetUtcNow(new DateTimeOffset(now, TimeSpan.Zero));
        await fixture.InitializeAsync();
        try
        {
            var grains = fixture.Grains;
            var today = DateOnly.FromDateTime(now);
            Assert.True(await DemoPlant.SeedAsync(grains, now));
            var schedule = grains.GetGrain<IScheduleGrain>(DemoPlant.Site);
            var view = await schedule.GetAsync();
            view = await schedule.ReplanAsync(SchedulingRule.EarliestDueDate, view.Version, "planif");
            var open = await grains.GetGrain<IOrderRegistryGrain>(DemoPlant.Site).QueryAsync(new OrderQuery());
            var data = await grains.GetGrain<ISiteGrain>(DemoPlant.Site).GetMasterDataAsync();
            var figures = (await grains.GetGrain<IPlanGrain>(PlanKey.Of(DemoPlant.Site)).GetFiguresAsync())!;
            var mos = open.Where(o => o.Ref.Kind == ObjectKind.ManufacturingOrder).ToDictionary(o => o.Number, StringComparer.Ordinal);
            var customers = open.Where(o => o.Ref.Kind == ObjectKind.CustomerOrder).ToList();
            var planLateMos = mos.Values.Where(o => o.IsLate(today)).Select(o => o.Number).ToHashSet(StringComparer.Ordinal);
            var planLateCos = customers.Where(o => o.IsLate(today)).Select(o => o.Number).ToHashSet(StringComparer.Ordinal);
            var lateMos = view.Orders.Where(o => o.Late).ToList();
            output.WriteLine($"{at} ({now.DayOfWeek}), load {File.ReadAllText("/proc/loadavg").Trim()}: planned week {DemoPlant.PlanningWeek(now)}; MOs {view.Orders.Count}, late in the schedule {lateMos.Count}, "
                + $"late in the plan {planLateMos.Count}; customer orders late in the schedule {view.LateCustomerOrders!.Count}, in the plan {planLateCos.Count}");
            foreach (var o in lateMos)
            {
                var w = o.Why;
                output.WriteLine($"  {o.Order} {o.Item} need {o.Due:ddd dd HH:mm} end {o.Completion:ddd dd HH:mm} +{o.LatenessHours} h planLate {planLateMos.Contains(o.Order)} "
                    + $"bottleneck {w?.Bottleneck} sub {w?.SubAssemblyOrder}({w?.SubAssemblyBottleneck}) origin {w?.OriginOperation} {w?.OriginCause} {w?.OriginWorkstation}");
            }

            foreach (var c in customers.Where(o => o.IsLate(today))) output.WriteLine($"  plan-late CO {c.Number} promised {c.DueDate} available {c.NeededDate} firm {c.Firm} items {string.Join(",", c.Lines.Select(l => l.Item))}");
            foreach (var m in mos.Values.Where(o => o.IsLate(today))) output.WriteLine($"  plan-late MO {m.Number} {m.Lines[0].Item} due {m.DueDate} needed {m.NeededDate}");

            // The plan keeps the demo's problems: the 4 customer orders promised before today are late; the dashboard, the registry and the Ordonnancement page give the same count.
            Assert.Equal(4, planLateCos.Count);
            Assert.All(planLateCos, n => Assert.True(customers.Single(o => o.Number == n).DueDate < today));
            // The two MOs past their due date are there; late for the plan only while it still needs them this week (planned
            // for next week, the plan needs them next week: an MRP "reculer" never makes an order late, docs/late.md).
            Assert.Equal(2, mos.Values.Count(o => o.DueDate < today));
            Assert.Equal(planLateCos.Count, figures.LateOrders);
            Assert.Equal(planLateCos.Count, view.PlanLateCustomerOrders);

            // Customer orders: every one late in the plan is late in the schedule; the others are firm ones the test
            // bench's overload explains, and there are no more than the plan's plus those.
            var scheduleLate = view.LateCustomerOrders!;
            Assert.Superset(planLateCos, scheduleLate.Select(l => l.Order).ToHashSet(StringComparer.Ordinal));
            var unexplainedCos = scheduleLate.Where(l => !l.LateInPlan && !l.Bottlenecks.Contains(DemoPlant.OverloadedWorkstation)).ToList();
            Assert.True(unexplainedCos.Count == 0, "customer orders late in the schedule, not in the plan, not explained by ESS-01: "
                + string.Join("; ", unexplainedCos.Select(u => $"{u.Order} promised {u.Promised} available {u.ExpectedAvailability:g}")));
            Assert.True(scheduleLate.Count <= planLateCos.Count + scheduleLate.Count(l => !l.LateInPlan && l.Bottlenecks.Contains(DemoPlant.OverloadedWorkstation)));

            // MOs: late in the plan, or behind the test bench (its own bottleneck or its sub-assembly's), or waiting for a
            // purchased component still to come (material release; the plan's infinite-capacity MRP pegs differently) — each
            // with its reason as typed data.
            bool Ess(ScheduleLateReason w) => w.Bottleneck == DemoPlant.OverloadedWorkstation || w.SubAssemblyBottleneck == DemoPlant.OverloadedWorkstation;
            var byEss = lateMos.Where(o => !planLateMos.Contains(o.Order) && o.Why is { } w && Ess(w)).ToList();
            var byRelease = lateMos.Where(o => !planLateMos.Contains(o.Order) && o.Why is { } w && !Ess(w) && w.OriginCause == ScheduleDelayCause.Release).ToList();
            var unexplained = lateMos.Where(o => !planLateMos.Contains(o.Order) && !byEss.Contains(o) && !byRelease.Contains(o)).ToList();
            output.WriteLine($"  late MOs: {lateMos.Count(o => planLateMos.Contains(o.Order))} late in the plan, {byEss.Count} behind ESS-01, {byRelease.Count} waiting for a purchased material, {unexplained.Count} unexplained");
            Assert.True(unexplained.Count == 0, "late MOs not late in the plan and explained neither by ESS-01 nor by a material release: "
                + string.Join("; ", unexplained.Select(u => $"{u.Order} +{u.LatenessHours} h bottleneck {u.Why?.Bottleneck} origin {u.Why?.OriginCause} {u.Why?.OriginWorkstation}")));
            Assert.All(byRelease, o => Assert.True(WaitsForPurchase(o), $"{o.Order}: its chain starts at {o.Why!.OriginOperation}, which has no purchased component"));
            // A credible Gantt: not dozens of red MOs (the demo started after the shift showed 27 on a Wednesday, 40 on a Saturday).
            Assert.True(lateMos.Count <= 16, $"{lateMos.Count} of {view.Orders.Count} MOs late at {at}");

            // The reason chain names a sub-assembly only when it is one: a component of the MO's item, made by an MO
            // whose own lateness and bottleneck are given.
            foreach (var o in lateMos.Where(o => o.Why?.SubAssemblyOrder is not null))
            {
                var child = view.Orders.Single(c => c.Order == o.Why!.SubAssemblyOrder);
                Assert.True(data.Bom.Any(b => b.Parent == o.Item && b.Component == child.Item), $"{o.Order} ({o.Item}) names {child.Order} ({child.Item}) as its sub-assembly");
                Assert.Equal(child.LatenessHours, o.Why!.SubAssemblyLatenessHours, 2);
            }

            bool WaitsForPurchase(ScheduledOrderView o)
            {
                // The chain's origin waited for its release: the MO it belongs to needs a purchased component still to come,
                // and the reason names it with the purchase order that brings it (what the buyer would expedite).
                var origin = o.Why!.OriginOperation!.Split('/')[0];
                var item = view.Orders.Single(x => x.Order == origin).Item;
                var w = o.Why!;
                output.WriteLine($"  {o.Order}: origin {origin} waits for {w.OriginComponent} from {w.OriginReceipt} on {w.OriginReceiptDate}");
                return data.Bom.Any(b => b.Parent == item && b.Component == w.OriginComponent && data.Items.Single(i => i.Code == b.Component).Source == ItemSource.Buy)
                    && open.Any(r => r.Number == w.OriginReceipt && r.Ref.Kind == ObjectKind.PurchaseOrder
                        && r.Lines.Any(l => l.Item == w.OriginComponent && l.OpenQty > 0 && l.Date == w.OriginReceiptDate && l.Date > today));
            }
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
