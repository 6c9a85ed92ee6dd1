using Collab.Planning.Mrp;
using Collab.Planning.Stock;

namespace Collab.Planning.Tests.Stock;

public class StockAnalyticsTests
{
    [Fact]
    public void Coverage_is_interpolated_within_the_bucket()
    {
        // 30 in stock, weekly needs 20, 20: lasts 1 week + 10/20 of the second = 10.5 days.
        Assert.Equal(10.5, StockAnalytics.Coverage(30, [20, 20], 7), 9);
        Assert.Equal(double.PositiveInfinity, StockAnalytics.Coverage(50, [20, 20], 7));
        Assert.Equal(0, StockAnalytics.Coverage(0, [5], 7));
    }

    [Fact]
    public void Abc_classes_by_cumulative_consumption_value()
    {
        // Values 700, 150, 100, 40, 10 (total 1000): A = 700 (starts at 0 %), B = 150 (70 %) and 100 (85 %),
        // C = 40 (95 %) and 10.
        var classes = StockAnalytics.Abc([100, 700, 10, 150, 40], 0.80, 0.95);
        Assert.Equal([AbcClass.B, AbcClass.A, AbcClass.C, AbcClass.B, AbcClass.C], classes);
    }

    [Fact]
    public void Analysis_of_an_mrp_result()
    {
        var input = new MrpInput
        {
            Periods = 4,
            Items = [new MrpItem { Code = "X", OnHand = 30, LeadTime = 2, SafetyStock = 5 }, new MrpItem { Code = "Y", OnHand = 100 }],
            Demands = [new MrpDemand("X", 1, 20), new MrpDemand("X", 2, 20), new MrpDemand("X", 3, 20), new MrpDemand("X", 4, 20), new MrpDemand("Y", 1, 1)],
        };
        var analysis = StockAnalytics.Analyse(MrpEngine.Run(input), new Dictionary<string, double> { ["X"] = 3, ["Y"] = 1 });
        var x = analysis[0];
        // 80 over 28 days → 80 × 365 / 28 per year; reorder point = daily 80/28 × 14 days + 5 = 45.
        Assert.Equal(80 * 365.0 / 28, x.AnnualConsumption, 9);
        Assert.Equal(45, x.ReorderPoint, 9);
        Assert.Equal(10.5, x.CoverageDays, 9);
        Assert.Equal(AbcClass.A, x.Class);
        Assert.Equal(AbcClass.C, analysis[1].Class);
        Assert.Equal([10.0, 5, 5, 5], x.ProjectedStock);
    }
}
