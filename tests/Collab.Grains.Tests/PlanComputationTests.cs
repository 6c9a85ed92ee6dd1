using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Domain.Plan;

namespace Collab.Grains.Tests;

/// <summary>PlanComputation is pure: these tests need no cluster.</summary>
public sealed class PlanComputationTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static PlanComputation Compute(params OrderSummary[] orders) => new(new Collab.Domain.Plan.PlanInputs
    {
        Today = Today,
        Settings = SiteSettings.Default,
        Data = MasterDataSet.Empty with
        {
            Items = [new ItemData("VAN", "Vanne", "VANNES", ItemSource.Make, "pc", 100, 5, 0), new ItemData("CORPS", "Corps", "", ItemSource.Buy, "pc", 20, 10, 0, PreferredSupplier: "F1")],
            Bom = [new BomLineData("VAN", "CORPS", 1)],
            Routings = [new RoutingOperationData("VAN", 10, "MON", 1, 2, "Montage")],
            Workstations = [new WorkstationData("MON", "Montage", WorkstationData.Shifts(1), 1, 1, [])],
        },
        Orders = [.. orders],
    });

    private static OrderSummary CustomerOrder(string number, double qty, DateOnly date) =>
        new(new ObjectRef(ObjectKind.CustomerOrder, number), "C1", "Open", false, [new OrderLineSummary(1, "VAN", qty, date)], date, null, null, true, 1, 0, 0, new OtdFigures(0, 0), 1, null, null);

    [Fact]
    public void Pic_load_uses_the_family_bill_of_resources_measured_on_the_plan()
    {
        var run = Compute(CustomerOrder("CC1", 10, Today.AddDays(8)), CustomerOrder("CC2", 30, Today.AddDays(40)));

        // two planned lots of VAN: (1 h setup + 10 × 2 h) + (1 h + 30 × 2 h) = 82 h for 40 valves
        var perUnit = run.FamilyHoursPerUnit()["VANNES"]["MON"];
        Assert.Equal(82.0 / 40, perUnit, 9);

        var sop = run.Sop(new Dictionary<string, string>())!;
        var family = Assert.Single(sop.Families);
        foreach (var row in sop.Comparison)
        {
            var production = family.Plans.Single(p => p.Strategy == row.Strategy).Production;
            var expected = sop.Months.Select((m, i) => production[i] * perUnit / (WeekdaysIn(m) * 8)).Max();
            Assert.True(row.MaxUtilisation > 0, $"{row.Strategy}: charge max. is 0");
            Assert.Equal(expected, row.MaxUtilisation, 9);
        }
    }

    [Fact]
    public void Pic_load_is_zero_only_when_nothing_is_produced()
    {
        var run = Compute();

        var sop = run.Sop(new Dictionary<string, string>())!;

        Assert.Empty(run.FamilyHoursPerUnit());
        Assert.All(sop.Comparison, row => Assert.Equal(0, row.MaxUtilisation));
    }

    private static int WeekdaysIn(DateOnly month)
    {
        var days = 0;
        for (var d = month; d < month.AddMonths(1); d = d.AddDays(1))
        {
            days += d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0 : 1;
        }

        return days;
    }
}
