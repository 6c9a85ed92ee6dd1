using Collab.Planning.Capacity;
using Collab.Planning.MasterData;
using Collab.Planning.Mrp;
using Collab.Planning.Sop;

namespace Collab.Planning.Tests.MasterData;

public class PlanInputBuilderTests
{
    private static readonly PlantData Plant = new()
    {
        Items =
        [
            new Item { Code = "CITY", Family = "BIKES" },
            new Item { Code = "RACE", Family = "BIKES" },
            new Item { Code = "FRAME", LeadTimeDays = 7 },
        ],
        Bom = [new BomLine("CITY", "FRAME", 1), new BomLine("RACE", "FRAME", 1)],
        Routings =
        [
            new RoutingOperation("CITY", 10, "ASM", 0.5, 1.0),
            new RoutingOperation("RACE", 10, "ASM", 0.5, 2.0),
            new RoutingOperation("FRAME", 10, "WELD", 1, 0.5),
        ],
        Workstations = [new Workstation { Code = "ASM" }, new Workstation { Code = "WELD" }],
        Stock = [new StockRecord("CITY", 10), new StockRecord("RACE", 5, 2)],
        ScheduledReceipts = [new ScheduledReceipt("OF-1", "FRAME", 20, new DateOnly(2027, 1, 8))],
        CustomerOrders =
        [
            new CustomerOrder("SO-1", "CITY", 30, new DateOnly(2027, 1, 20)),
            new CustomerOrder("SO-2", "RACE", 10, new DateOnly(2027, 2, 10)) { Firm = false, Probability = 0.5 },
        ],
        Forecasts =
        [
            new Forecast("BIKES", new DateOnly(2027, 1, 1), 50) { IsFamily = true },
            new Forecast("RACE", new DateOnly(2027, 2, 1), 30),
        ],
    };

    [Fact]
    public void Sop_input_from_site_data()
    {
        var months = Buckets.Build(new DateOnly(2027, 1, 1), BucketSize.Month, 2);
        var input = PlanInputBuilders.BuildSop(Plant, months, ["ASM"], targetDaysOfCover: 5);
        var bikes = Assert.Single(input.Families);
        Assert.Equal("BIKES", bikes.Code);
        Assert.Equal(13, bikes.OpeningInventory);                        // 10 + (5 − 2)
        Assert.Equal([30.0, 0], bikes.Firm);
        Assert.Equal([50.0, 30], bikes.Forecast);
        Assert.Equal(new SopOptionalOrder(2, 10, 0.5), Assert.Single(bikes.Optional));
        // Weights: CITY 30 (firm), RACE 10 (optional) + 30 (forecast) → (30 × 1 + 40 × 2) / 70.
        Assert.Equal(110.0 / 70.0, bikes.HoursPerUnit["ASM"], 9);
        Assert.Equal([21.0, 20], input.WorkingDays);                     // January / February 2027, Monday–Friday
        Assert.Equal(21 * 8, Assert.Single(input.Workstations).CapacityHours[0]);
        Assert.Empty(SopEngine.Validate(input));
        Assert.Equal(3, SopEngine.Run(input).Comparison.Count);
    }

    [Fact]
    public void Capacity_input_from_site_data_and_mrp()
    {
        var weeks = Buckets.Build(new DateOnly(2027, 1, 4), BucketSize.Week, 4);
        var mrp = MrpEngine.Run(MrpInputBuilder.Build(Plant, weeks));
        var input = PlanInputBuilders.BuildCapacity(Plant, mrp, weeks);
        Assert.Equal(("OF-1", OrderStatus.Released), (input.Orders[0].Id, input.Orders[0].Status));
        Assert.Contains(input.Orders, o => o.Item == "CITY" && o.Status == OrderStatus.Planned);
        var result = CapacityEngine.Run(input);
        Assert.Empty(result.UnroutedOrders);
        Assert.True(result.Loads.Where(l => l.Workstation == "WELD").Sum(l => l.Load) > 0);
    }
}
