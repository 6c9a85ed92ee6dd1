using Collab.Planning.Mrp;

namespace Collab.Planning.Tests.Mrp;

/// <summary>The worked example of shared/design/mrp-exchange.md, as input model and as JSON.</summary>
internal static class WorkedExample
{
    public static MrpInput Input => new()
    {
        Periods = 6,
        Items =
        [
            new MrpItem { Code = "A", LeadTime = 1, OnHand = 20 },
            new MrpItem { Code = "B", LeadTime = 2, OnHand = 50, SafetyStock = 10, LotSizing = LotSizing.Foq(100) },
            new MrpItem { Code = "C", LeadTime = 1, OnHand = 0, LotSizing = LotSizing.Poq(2), Multiple = 10 },
        ],
        Bom =
        [
            new MrpBomLine("A", "B", 2),
            new MrpBomLine("A", "C", 1),
            new MrpBomLine("B", "C", 3, 0.1),
        ],
        ScheduledReceipts = [new MrpScheduledReceipt("B", 1, 20)],
        Demands = [new MrpDemand("A", 2, 30), new MrpDemand("A", 4, 40), new MrpDemand("A", 6, 25)],
    };

    public const string Json = """
        {
          "periods": 6,
          "items": [
            {"code": "A", "leadTime": 1, "onHand": 20, "safetyStock": 0, "lotSizing": {"rule": "LFL"}, "minQty": 0, "multiple": 0, "maxQty": 0},
            {"code": "B", "leadTime": 2, "onHand": 50, "safetyStock": 10, "lotSizing": {"rule": "FOQ", "quantity": 100}},
            {"code": "C", "leadTime": 1, "onHand": 0, "lotSizing": {"rule": "POQ", "periods": 2}, "multiple": 10}
          ],
          "bom": [
            {"parent": "A", "component": "B", "qtyPer": 2},
            {"parent": "A", "component": "C", "qtyPer": 1},
            {"parent": "B", "component": "C", "qtyPer": 3, "scrapRate": 0.1}
          ],
          "scheduledReceipts": [{"item": "B", "period": 1, "qty": 20}],
          "demands": [{"item": "A", "period": 2, "qty": 30}, {"item": "A", "period": 4, "qty": 40}, {"item": "A", "period": 6, "qty": 25}]
        }
        """;

    // Expected rows from the spec: gross, sched. receipts, projected, net, planned receipt, planned release.
    public static readonly Dictionary<string, (int Llc, double[][] Rows)> Expected = new()
    {
        ["A"] = (0,
        [
            [0, 30, 0, 40, 0, 25], [0, 0, 0, 0, 0, 0], [20, 0, 0, 0, 0, 0],
            [0, 10, 0, 40, 0, 25], [0, 10, 0, 40, 0, 25], [10, 0, 40, 0, 25, 0],
        ]),
        ["B"] = (1,
        [
            [20, 0, 80, 0, 50, 0], [20, 0, 0, 0, 0, 0], [50, 50, 70, 70, 20, 20],
            [0, 0, 40, 0, 0, 0], [0, 0, 100, 0, 0, 0], [100, 0, 0, 0, 0, 0],
        ]),
        ["C"] = (2,
        [
            [340, 0, 40, 0, 25, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 5, 5],
            [340, 0, 40, 0, 25, 0], [340, 0, 40, 0, 30, 0], [340, 40, 0, 30, 0, 0],
        ]),
    };

    public static void AssertClose(double expected, double actual, string what)
    {
        var tolerance = 1e-6 * Math.Max(1.0, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected}, got {actual}");
    }

    public static void AssertRow(IReadOnlyList<double> expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Length);
        for (var t = 0; t < expected.Count; t++)
        {
            AssertClose(expected[t], actual[t], $"{what} p{t + 1}");
        }
    }
}
