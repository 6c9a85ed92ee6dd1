using Collab.Contracts.Sites;
using Collab.Domain.MasterData;

namespace Collab.Domain.Tests.MasterData;

public sealed class MasterDataValidatorTests
{
    private static readonly ItemData A = new("A", "Ensemble A", "FAM", ItemSource.Make, "pc", 100, 5, 0);
    private static readonly ItemData B = new("B", "Sous-ensemble B", "FAM", ItemSource.Make, "pc", 50, 3, 0);
    private static readonly ItemData C = new("C", "Pièce C", "FAM", ItemSource.Make, "pc", 10, 2, 0);
    private static readonly ItemData P = new("P", "Matière P", "MAT", ItemSource.Buy, "kg", 2, 10, 5, PreferredSupplier: "S1");
    private static readonly WorkstationData W = new("W1", "Tour", WorkstationData.Shifts(1), 1, 1, []);

    /// <summary>A small valid plant over 3 levels: A ← B ← C ← P.</summary>
    private static MasterDataSet Valid() => new(
        [A, B, C, P],
        [new("A", "B", 2), new("B", "C", 1), new("C", "P", 0.5, 0.02)],
        [new("A", 10, "W1", 0.5, 0.2, "Montage"), new("B", 10, "W1", 0.3, 0.1), new("C", 10, "W1", 0.2, 0.05), new("C", 20, "W1", 0.1, 0.05)],
        [W],
        [new("S1", "Fournisseur 1", "achats@s1.example", "fr", "M. Dupont", "Lyon")],
        [new("K1", "Client 1", "Paris", "contact@k1.example", "en")],
        [new("A", new DateOnly(2026, 12, 7), 10), new("FAM", new DateOnly(2026, 12, 7), 20, IsFamily: true)],
        [new("P", 100), new("C", 5)]);

    [Fact]
    public void A_valid_plant_has_no_problem() => Assert.Empty(MasterDataValidator.Validate(Valid()));

    [Fact]
    public void An_empty_plant_has_no_problem() => Assert.Empty(MasterDataValidator.Validate(MasterDataSet.Empty));

    public static TheoryData<string, Func<MasterDataSet, MasterDataSet>, MasterDataKind, string, string, MasterDataProblemCode> Cases => new()
    {
        { "negative lead time", d => d with { Items = [A with { LeadTimeDays = -1 }, B, C, P] }, MasterDataKind.Item, "A", nameof(ItemData.LeadTimeDays), MasterDataProblemCode.Negative },
        { "negative safety stock", d => d with { Items = [A, B, C, P with { SafetyStock = -5 }] }, MasterDataKind.Item, "P", nameof(ItemData.SafetyStock), MasterDataProblemCode.Negative },
        { "NaN unit cost", d => d with { Items = [A with { UnitCost = double.NaN }, B, C, P] }, MasterDataKind.Item, "A", nameof(ItemData.UnitCost), MasterDataProblemCode.NotANumber },
        { "lead time over ten years", d => d with { Items = [A with { LeadTimeDays = 100_000 }, B, C, P] }, MasterDataKind.Item, "A", nameof(ItemData.LeadTimeDays), MasterDataProblemCode.OutOfRange },
        { "fixed quantity without quantity", d => d with { Items = [A with { LotRule = LotRule.FixedQuantity }, B, C, P] }, MasterDataKind.Item, "A", nameof(ItemData.LotQuantity), MasterDataProblemCode.LotRuleIncomplete },
        { "fixed periods without periods", d => d with { Items = [A with { LotRule = LotRule.FixedPeriods }, B, C, P] }, MasterDataKind.Item, "A", nameof(ItemData.LotPeriods), MasterDataProblemCode.LotRuleIncomplete },
        { "duplicate item code", d => d with { Items = [A, B, C, P, A with { Description = "Autre" }] }, MasterDataKind.Item, "A", nameof(ItemData.Code), MasterDataProblemCode.Duplicate },
        { "missing item code", d => d with { Items = [A, B, C, P, A with { Code = " " }] }, MasterDataKind.Item, " ", nameof(ItemData.Code), MasterDataProblemCode.Required },
        { "code with markup", d => d with { Items = [A, B, C, P, A with { Code = "<b>X" }] }, MasterDataKind.Item, "<b>X", nameof(ItemData.Code), MasterDataProblemCode.Markup },
        { "10,000-character name", d => d with { Items = [A with { Description = new string('x', 10_000) }, B, C, P] }, MasterDataKind.Item, "A", nameof(ItemData.Description), MasterDataProblemCode.TooLong },
        { "script in description", d => d with { Items = [A with { Description = "Vanne <script>alert(1)</script>" }, B, C, P] }, MasterDataKind.Item, "A", nameof(ItemData.Description), MasterDataProblemCode.Markup },
        { "html in description", d => d with { Items = [A with { Description = "<img src=x onerror=alert(1)>" }, B, C, P] }, MasterDataKind.Item, "A", nameof(ItemData.Description), MasterDataProblemCode.Markup },
        { "control characters in description", d => d with { Items = [A with { Description = "Vanne\u0000\nDN25" }, B, C, P] }, MasterDataKind.Item, "A", nameof(ItemData.Description), MasterDataProblemCode.ControlCharacters },
        { "empty description", d => d with { Items = [A with { Description = "" }, B, C, P] }, MasterDataKind.Item, "A", nameof(ItemData.Description), MasterDataProblemCode.Required },
        { "unknown preferred supplier", d => d with { Items = [A, B, C, P with { PreferredSupplier = "S9" }] }, MasterDataKind.Item, "P", nameof(ItemData.PreferredSupplier), MasterDataProblemCode.UnknownSupplier },
        { "negative quantity per", d => d with { Bom = [new("A", "B", -2), new("B", "C", 1)] }, MasterDataKind.BomLine, "A/B", nameof(BomLineData.QtyPer), MasterDataProblemCode.Negative },
        { "zero quantity per", d => d with { Bom = [new("A", "B", 0)] }, MasterDataKind.BomLine, "A/B", nameof(BomLineData.QtyPer), MasterDataProblemCode.OutOfRange },
        { "scrap of 100 %", d => d with { Bom = [new("A", "B", 1, 1)] }, MasterDataKind.BomLine, "A/B", nameof(BomLineData.ScrapRate), MasterDataProblemCode.OutOfRange },
        { "unknown component", d => d with { Bom = [new("A", "Z", 1)] }, MasterDataKind.BomLine, "A/Z", nameof(BomLineData.Component), MasterDataProblemCode.UnknownItem },
        { "unknown parent", d => d with { Bom = [new("Z", "A", 1)] }, MasterDataKind.BomLine, "Z/A", nameof(BomLineData.Parent), MasterDataProblemCode.UnknownItem },
        { "item in its own BOM", d => d with { Bom = [new("A", "A", 1)] }, MasterDataKind.BomLine, "A/A", nameof(BomLineData.Component), MasterDataProblemCode.SelfReference },
        { "duplicate BOM line", d => d with { Bom = [new("A", "B", 1), new("A", "B", 3)] }, MasterDataKind.BomLine, "A/B", nameof(BomLineData.Component), MasterDataProblemCode.Duplicate },
        { "unknown workstation", d => d with { Routings = [new("A", 10, "W9", 0.5, 0.2)] }, MasterDataKind.RoutingOperation, "A/10", nameof(RoutingOperationData.Workstation), MasterDataProblemCode.UnknownWorkstation },
        { "routing of unknown item", d => d with { Routings = [new("Z", 10, "W1", 0.5, 0.2)] }, MasterDataKind.RoutingOperation, "Z/10", nameof(RoutingOperationData.Item), MasterDataProblemCode.UnknownItem },
        { "negative run time", d => d with { Routings = [new("A", 10, "W1", 0.5, -0.2)] }, MasterDataKind.RoutingOperation, "A/10", nameof(RoutingOperationData.RunHoursPerUnit), MasterDataProblemCode.Negative },
        { "duplicate operation number", d => d with { Routings = [new("A", 10, "W1", 0.5, 0.2), new("A", 10, "W1", 0, 0.1)] }, MasterDataKind.RoutingOperation, "A/10", nameof(RoutingOperationData.Sequence), MasterDataProblemCode.Duplicate },
        { "operation number zero", d => d with { Routings = [new("A", 0, "W1", 0.5, 0.2)] }, MasterDataKind.RoutingOperation, "A/0", nameof(RoutingOperationData.Sequence), MasterDataProblemCode.OutOfRange },
        { "six weekdays", d => d with { Workstations = [W with { HoursByDay = [8, 8, 8, 8, 8, 0] }] }, MasterDataKind.Workstation, "W1", nameof(WorkstationData.HoursByDay), MasterDataProblemCode.WrongLength },
        { "25 hours a day", d => d with { Workstations = [W with { HoursByDay = [25, 8, 8, 8, 8, 0, 0] }] }, MasterDataKind.Workstation, "W1", nameof(WorkstationData.HoursByDay), MasterDataProblemCode.OutOfRange },
        { "negative hours", d => d with { Workstations = [W with { HoursByDay = [-1, 8, 8, 8, 8, 0, 0] }] }, MasterDataKind.Workstation, "W1", nameof(WorkstationData.HoursByDay), MasterDataProblemCode.Negative },
        { "no machine", d => d with { Workstations = [W with { Machines = 0 }] }, MasterDataKind.Workstation, "W1", nameof(WorkstationData.Machines), MasterDataProblemCode.OutOfRange },
        { "efficiency zero", d => d with { Workstations = [W with { Efficiency = 0 }] }, MasterDataKind.Workstation, "W1", nameof(WorkstationData.Efficiency), MasterDataProblemCode.OutOfRange },
        { "duplicate workstation", d => d with { Workstations = [W, W] }, MasterDataKind.Workstation, "W1", nameof(WorkstationData.Code), MasterDataProblemCode.Duplicate },
        { "supplier mail without @", d => d with { Suppliers = [new("S1", "F", "achats.s1.example", "fr")] }, MasterDataKind.Supplier, "S1", nameof(SupplierData.Email), MasterDataProblemCode.InvalidEmail },
        { "supplier language de", d => d with { Suppliers = [new("S1", "F", "a@s1.example", "de")] }, MasterDataKind.Supplier, "S1", nameof(SupplierData.Language), MasterDataProblemCode.InvalidLanguage },
        { "customer language missing", d => d with { Customers = [new("K1", "Client", "Paris", null, null!)] }, MasterDataKind.Customer, "K1", nameof(CustomerData.Language), MasterDataProblemCode.InvalidLanguage },
        { "customer mail invalid", d => d with { Customers = [new("K1", "Client", "Paris", "a@b")] }, MasterDataKind.Customer, "K1", nameof(CustomerData.Email), MasterDataProblemCode.InvalidEmail },
        { "negative forecast", d => d with { Forecasts = [new("A", new DateOnly(2026, 12, 7), -3)] }, MasterDataKind.Forecast, "A/2026-12-07", nameof(ForecastData.Qty), MasterDataProblemCode.Negative },
        { "forecast of unknown item", d => d with { Forecasts = [new("Z", new DateOnly(2026, 12, 7), 3)] }, MasterDataKind.Forecast, "Z/2026-12-07", nameof(ForecastData.Code), MasterDataProblemCode.UnknownItem },
        { "forecast of unknown family", d => d with { Forecasts = [new("NOPE", new DateOnly(2026, 12, 7), 3, true)] }, MasterDataKind.Forecast, "NOPE/2026-12-07", nameof(ForecastData.Code), MasterDataProblemCode.UnknownFamily },
        { "twice the same forecast period", d => d with { Forecasts = [new("A", new DateOnly(2026, 12, 7), 3), new("A", new DateOnly(2026, 12, 7), 4)] }, MasterDataKind.Forecast, "A/2026-12-07", nameof(ForecastData.PeriodStart), MasterDataProblemCode.Duplicate },
        { "negative stock", d => d with { Stock = [new("P", -1)] }, MasterDataKind.Stock, "P", nameof(StockData.OnHand), MasterDataProblemCode.Negative },
        { "stock of unknown item", d => d with { Stock = [new("Z", 1)] }, MasterDataKind.Stock, "Z", nameof(StockData.Item), MasterDataProblemCode.UnknownItem },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_is_reported_with_its_field(string name, Func<MasterDataSet, MasterDataSet> spoil, MasterDataKind kind, string key, string field, MasterDataProblemCode code)
    {
        var problems = MasterDataValidator.Validate(spoil(Valid()));

        Assert.True(problems.Any(p => p.Kind == kind && p.Key == key && p.Field == field && p.Code == code),
            $"{name}: expected {kind} {key}.{field} {code}, got: {string.Join(" | ", problems)}");
    }

    [Fact]
    public void A_bom_cycle_is_named_from_where_it_starts()
    {
        var data = Valid() with { Bom = [new("A", "B", 1), new("B", "C", 1), new("C", "A", 1)] };

        var problem = Assert.Single(MasterDataValidator.Validate(data));

        Assert.Equal(MasterDataProblemCode.BomCycle, problem.Code);
        Assert.Equal("A → B → C → A", Assert.Single(problem.Args));
        Assert.Equal(2, problem.Index); // the line C/A closes it
        Assert.Equal("C/A", problem.Key);
    }

    [Fact]
    public void A_cycle_deep_in_a_long_chain_is_found_without_overflowing_the_stack()
    {
        var items = Enumerable.Range(0, 20_000).Select(n => A with { Code = $"I{n}" }).ToList();
        var bom = Enumerable.Range(0, 19_999).Select(n => new BomLineData($"I{n}", $"I{n + 1}", 1)).Append(new BomLineData("I19999", "I19000", 1)).ToList();

        var problem = Assert.Single(MasterDataValidator.Validate(MasterDataSet.Empty with { Items = items, Bom = bom }));

        Assert.Equal(MasterDataProblemCode.BomCycle, problem.Code);
        Assert.StartsWith("I19000 → I19001", problem.Args[0], StringComparison.Ordinal);
        Assert.EndsWith("I19999 → I19000", problem.Args[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_returned_at_once_in_a_stable_order()
    {
        var data = Valid() with
        {
            Items = [A with { LeadTimeDays = -1, Description = "<b>x</b>" }, B, C, P, C],
            Routings = [new("A", 10, "W9", -1, 0.2)],
            Stock = [new("P", -1)],
        };

        var problems = MasterDataValidator.Validate(data);

        Assert.Equal(
            [
                "Item[0] A.Description: Markup",
                "Item[0] A.LeadTimeDays: Negative",
                "Item[4] C.Code: Duplicate (C)",
                "RoutingOperation[0] A/10.Workstation: UnknownWorkstation (W9)",
                "RoutingOperation[0] A/10.SetupHours: Negative",
                "Stock[0] P.OnHand: Negative",
            ],
            problems.Select(p => p.ToString()));
        Assert.Equal(problems.Select(p => p.ToString()), MasterDataValidator.Validate(data).Select(p => p.ToString()));
    }

    [Fact]
    public void An_item_still_used_cannot_be_retired_and_says_by_what()
    {
        var problem = Assert.Single(MasterDataValidator.ValidateRetire(Valid(), "C", ["OF-2026-00001"]));

        Assert.Equal(MasterDataProblemCode.StillUsed, problem.Code);
        Assert.Equal(["BOM:B", "STOCK", "ORDER:OF-2026-00001"], problem.Args);
        Assert.Empty(MasterDataValidator.ValidateRetire(Valid() with { Bom = [], Stock = [], Forecasts = [] }, "A", []));
    }

    [Theory]
    [InlineData("achats@fournisseur.fr", true)]
    [InlineData("a.b-c@sous.domaine.example", true)]
    [InlineData("achats@", false)]
    [InlineData("@x.fr", false)]
    [InlineData("a b@x.fr", false)]
    [InlineData("a@b@x.fr", false)]
    [InlineData("a@x.fr\r\nBcc: z@y.fr", false)]
    public void Mail_addresses(string text, bool ok) => Assert.Equal(ok, MasterDataValidator.IsEmail(text));
}
