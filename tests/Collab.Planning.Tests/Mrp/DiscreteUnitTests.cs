using Collab.Planning.Exchange;
using Collab.Planning.MasterData;
using Collab.Planning.Mrp;

namespace Collab.Planning.Tests.Mrp;

/// <summary>Issue #12 item 2: items counted in pieces are planned in whole pieces, continuous items keep their decimals.</summary>
public class DiscreteUnitTests
{
    private static MrpInput ScrapPlant(bool discrete) => new()
    {
        Periods = 3,
        Items =
        [
            new MrpItem { Code = "PF", LeadTime = 1, Discrete = discrete },
            new MrpItem { Code = "MP", LeadTime = 1, Discrete = discrete, Source = MakeOrBuy.Buy },
        ],
        Bom = [new MrpBomLine("PF", "MP", 1, 0.01)],
        Demands = [new MrpDemand("PF", 3, 20)],
    };

    [Fact]
    public void A_period_without_need_is_plain_zero_never_negative_zero_a_page_would_print_as_minus_0()
    {
        var result = MrpEngine.Run(ScrapPlant(discrete: true));
        foreach (var code in new[] { "PF", "MP" })
        {
            var i = result.IndexOf(code);
            Assert.DoesNotContain(result.GrossRequirements(i).ToArray(), double.IsNegative);
            Assert.DoesNotContain(result.NetRequirements(i).ToArray(), double.IsNegative);
        }

        Assert.False(double.IsNegative(MrpState.CeilingTolerant(0)));
        Assert.Equal(21, MrpState.CeilingTolerant(20.2));
    }

    [Fact]
    public void Scrap_on_a_piece_component_gives_whole_pieces_not_20_2()
    {
        var result = MrpEngine.Run(ScrapPlant(discrete: true));
        var mp = result.IndexOf("MP");
        Assert.Equal([0.0, 21, 0], result.GrossRequirements(mp).ToArray());
        Assert.Equal([0.0, 21, 0], result.NetRequirements(mp).ToArray());
        Assert.Equal([0.0, 21, 0], result.PlannedOrderReceipts(mp).ToArray());
        var order = Assert.Single(result.PlannedOrders, o => o.Item == "MP");
        Assert.Equal(21, order.Qty);
    }

    [Fact]
    public void A_continuous_component_keeps_its_decimals()
    {
        var result = MrpEngine.Run(ScrapPlant(discrete: false));
        var order = Assert.Single(result.PlannedOrders, o => o.Item == "MP");
        Assert.Equal(20.2, order.Qty, 9);
    }

    [Fact]
    public void Lot_sizing_and_max_quantity_split_stay_whole()
    {
        var input = new MrpInput
        {
            Periods = 2,
            Items = [new MrpItem { Code = "A", Discrete = true, Multiple = 2.5, MaxQty = 7.5 }],
            Demands = [new MrpDemand("A", 1, 11.3)],
        };
        var result = MrpEngine.Run(input);
        // 11.3 → 12 pieces → multiple of 2.5 = 12.5 → 13 whole pieces, split by 7 (whole part of 7.5): 7 + 6.
        Assert.Equal([7.0, 6], result.PlannedOrders.Select(o => o.Qty));
        Assert.Equal(13, result.PlannedOrderReceipts(0)[0]);
    }

    [Theory]
    [MemberData(nameof(MrpPropertyTests.Seeds), MemberType = typeof(MrpPropertyTests))]
    public void Every_quantity_of_a_discrete_plant_is_whole_and_still_covers_the_need(int seed)
    {
        var continuous = MrpPropertyTests.RandomPlant(seed);
        // Fractional requirements everywhere: odd scrap rates, fractional quantities per parent and demands.
        var plant = continuous with
        {
            Items = [.. continuous.Items.Select(i => i with { Discrete = true })],
            Bom = [.. continuous.Bom.Select((b, k) => b with { QtyPer = b.QtyPer * (k % 3 == 0 ? 1.3 : 1), ScrapRate = b.ScrapRate + 0.013 })],
            Demands = [.. continuous.Demands.Select((d, k) => k % 4 == 0 ? d with { Qty = d.Qty + 0.4 } : d)],
        };
        var result = MrpEngine.Run(plant);
        for (var i = 0; i < plant.Items.Count; i++)
        {
            var code = plant.Items[i].Code;
            var ss = plant.Items[i].SafetyStock;
            AssertWhole(result.GrossRequirements(i), $"seed {seed} {code} gross");
            AssertWhole(result.NetRequirements(i), $"seed {seed} {code} net");
            AssertWhole(result.PlannedOrderReceipts(i), $"seed {seed} {code} planned receipts");
            AssertWhole(result.PlannedOrderReleases(i), $"seed {seed} {code} planned releases");
            AssertWhole(result.ProjectedAvailable(i), $"seed {seed} {code} projected");
            var por = result.PlannedOrderReceipts(i);
            var pa = result.ProjectedAvailable(i);
            for (var t = 0; t < por.Length; t++)
            {
                if (por[t] > 0)
                {
                    Assert.True(pa[t] >= ss - 1e-9, $"seed {seed} {code} p{t + 1}: projected {pa[t]} below safety stock {ss} after a planned receipt");
                }
            }
        }

        Assert.All(result.PlannedOrders, o => Assert.True(o.Qty == Math.Round(o.Qty) && o.Qty >= 1, $"seed {seed}: planned order {o.Item} of {o.Qty}"));
    }

    [Fact]
    public void The_exchange_format_keeps_decimals_unless_an_item_says_it_is_discrete()
    {
        var json = """
            {"periods": 2,
             "items": [{"code": "PF", "leadTime": 1}, {"code": "MP", "discrete": true}, {"code": "KG"}],
             "bom": [{"parent": "PF", "component": "MP", "qtyPer": 1, "scrapRate": 0.01}, {"parent": "PF", "component": "KG", "qtyPer": 1, "scrapRate": 0.01}],
             "demands": [{"item": "PF", "period": 2, "qty": 20}]}
            """u8.ToArray();
        var input = MrpJson.Read(json, out var problems)!;
        Assert.Empty(problems);
        var result = MrpEngine.Run(input);
        Assert.Equal(21, result.PlannedOrders.Single(o => o.Item == "MP").Qty);
        Assert.Equal(20.2, result.PlannedOrders.Single(o => o.Item == "KG").Qty, 9);
        var again = MrpJson.Read(MrpJson.WriteInput(input), out _)!;
        Assert.Equal([false, true, false], again.Items.Select(i => i.Discrete));
    }

    [Theory]
    [InlineData("pc", UnitKind.Discrete)]
    [InlineData("u", UnitKind.Discrete)]
    [InlineData("boîte", UnitKind.Discrete)]
    [InlineData("", UnitKind.Discrete)]
    [InlineData("kg", UnitKind.Continuous)]
    [InlineData(" M ", UnitKind.Continuous)]
    [InlineData("l", UnitKind.Continuous)]
    [InlineData("m²", UnitKind.Continuous)]
    public void Units_say_whether_they_count_pieces(string unit, UnitKind kind) => Assert.Equal(kind, UnitKinds.KindOf(unit));

    [Fact]
    public void The_site_bridge_marks_piece_items_discrete()
    {
        var buckets = Buckets.Build(new DateOnly(2026, 11, 30), BucketSize.Week, 4);
        var plant = new PlantData
        {
            Items = [new Item { Code = "PF", Unit = "pc" }, new Item { Code = "ACIER", Unit = "kg" }],
        };
        var input = MrpInputBuilder.Build(plant, buckets);
        Assert.Equal([true, false], input.Items.Select(i => i.Discrete));
    }

    private static void AssertWhole(ReadOnlySpan<double> row, string what)
    {
        for (var t = 0; t < row.Length; t++)
        {
            Assert.True(row[t] == Math.Round(row[t]), $"{what} p{t + 1}: {row[t]} is not whole");
        }
    }
}
