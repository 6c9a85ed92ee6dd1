using Collab.Planning.Sop;

namespace Collab.Planning.Tests.Sop;

public class SopEngineTests
{
    private static void Row(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var m = 0; m < expected.Length; m++)
        {
            Assert.True(Math.Abs(expected[m] - actual[m]) <= 1e-9 * Math.Max(1, Math.Abs(expected[m])), $"{what} m{m + 1}: expected {expected[m]}, got {actual[m]}");
        }
    }

    [Fact]
    public void Three_strategies_on_a_front_loaded_family_computed_by_hand()
    {
        // Opening stock 50, demand 200, 200, 100, 100, no target.
        // Chase: 150, 200, 100, 100 → stock 0 every month.
        // Level: (600 − 50) / 4 = 137.5 → stock −12.5, −75, −37.5, 0 (backlog 125 unit-months).
        // Level with target (0): max(150/1, 350/2, 450/3, 550/4) = 175 → stock 25, 0, 75, 150.
        var input = new SopInput
        {
            Months = 4,
            Families = [new SopFamily { Code = "F", OpeningInventory = 50, Firm = [200, 200, 100, 100], HoursPerUnit = new Dictionary<string, double> { ["ASM"] = 0.5 } }],
            Workstations = [new SopWorkstation("ASM", [90, 90, 90, 90])],
        };
        var r = SopEngine.Run(input);
        var plans = r.Families[0].Plans;
        Row([150, 200, 100, 100], plans[0].Production, "chase P");
        Row([0, 0, 0, 0], plans[0].Inventory, "chase I");
        Row([137.5, 137.5, 137.5, 137.5], plans[1].Production, "level P");
        Row([-12.5, -75, -37.5, 0], plans[1].Inventory, "level I");
        Row([175, 175, 175, 175], plans[2].Production, "level target P");
        Row([25, 0, 75, 150], plans[2].Inventory, "level target I");

        // Load = production × 0.5 h vs 90 h: chase overloads month 2 (100 h), level-with-target every month (87.5 h → no).
        var asm = r.Workstations[0];
        Row([75, 100, 50, 50], asm.Loads[0].Load, "chase load");
        Row([87.5, 87.5, 87.5, 87.5], asm.Loads[2].Load, "level target load");

        var chase = r.Comparison[0];
        var level = r.Comparison[1];
        var target = r.Comparison[2];
        Assert.Equal((SopStrategy.Chase, 550.0, 0.0, 1), (chase.Strategy, chase.TotalProduction, chase.Backlog, chase.OverloadedWorkstationMonths));
        Assert.Equal(50 + 100 + 0, chase.ProductionChanges);
        Assert.Equal(125, level.Backlog);
        Assert.Equal(0, level.ProductionChanges);
        Assert.Equal(3, level.MonthsBelowTarget);
        Assert.Equal((700.0, 62.5, 0), (target.TotalProduction, target.AverageInventory, target.OverloadedWorkstationMonths));
        Assert.Equal(0, target.MonthsBelowTarget);
        Assert.Equal(100.0 / 90.0, chase.MaxUtilisation, 9);
    }

    [Fact]
    public void Inventory_target_in_days_of_cover_of_next_month()
    {
        // 20 working days, 10 days of cover → target = half of next month's demand (last month: its own).
        // Demand 100, 100, 200, 200; opening 50 → targets 50, 100, 100, 100.
        var input = new SopInput
        {
            Months = 4,
            WorkingDays = [20, 20, 20, 20],
            Families = [new SopFamily { Code = "F", OpeningInventory = 50, TargetDaysOfCover = 10, Firm = [100, 100, 200, 200] }],
        };
        var plans = SopEngine.Run(input).Families[0].Plans;
        Row([50, 100, 100, 100], plans[0].TargetInventory, "target");
        Row([100, 150, 200, 200], plans[0].Production, "chase P");
        Row([50, 100, 100, 100], plans[0].Inventory, "chase I");
        Row([162.5, 162.5, 162.5, 162.5], plans[1].Production, "level P");          // (600 + 100 − 50) / 4
        Row([162.5, 162.5, 162.5, 162.5], plans[2].Production, "level target P");   // max(100, 125, 150, 162.5)
    }

    [Fact]
    public void Demand_is_firm_plus_weighted_optional_plus_remaining_forecast()
    {
        // Forecast 120, 80; firm 100 in month 1 consumes month 1's forecast: remaining 20, 80.
        // Optional 50 × 0.4 = 20 in month 1. Demand = 100 + 20 + 20, 0 + 0 + 80.
        var fam = new SopFamily { Code = "F", Firm = [100, 0], Forecast = [120, 80], Optional = [new SopOptionalOrder(1, 50, 0.4)] };
        var d = SopEngine.FamilyDemand(fam, 2, 1, 1);
        Row([20, 80], d.RemainingForecast, "remaining forecast");
        Row([20, 0], d.OptionalWeighted, "optional");
        Row([140, 80], d.Total, "total");
    }

    [Fact]
    public void Invalid_input_lists_paths()
    {
        var input = new SopInput
        {
            Months = 2,
            Families = [new SopFamily { Code = "F", Firm = [-1], Optional = [new SopOptionalOrder(3, 1, 2)], HoursPerUnit = new Dictionary<string, double> { ["X"] = 1 } }],
        };
        var paths = SopEngine.Validate(input).Select(p => p.Path).ToList();
        Assert.Equal(["$.families[0].firm[0]", "$.families[0].optional[0].probability", "$.families[0].optional[0].month", "$.families[0].hoursPerUnit.X"], paths);
    }
}
