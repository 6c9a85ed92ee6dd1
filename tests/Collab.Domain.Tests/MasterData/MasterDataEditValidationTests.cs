using Collab.Contracts.Sites;
using Collab.Domain.MasterData;

namespace Collab.Domain.Tests.MasterData;

/// <summary>
/// The per-edit validation finds exactly what the whole-set validation finds (kind, key, field, code, arguments) for
/// one record edit on a valid set — good edits and every kind of bad one, including those that break a reference held
/// by rows the edit does not touch (a retired item, an item leaving the family a forecast is for).
/// </summary>
public sealed class MasterDataEditValidationTests
{
    private static readonly ItemData A = new("A", "Ensemble A", "FAM", ItemSource.Make, "pc", 100, 5, 0);
    private static readonly ItemData B = new("B", "Sous-ensemble B", "FAM", ItemSource.Make, "pc", 50, 3, 0);
    private static readonly ItemData C = new("C", "Pièce C", "FAM", ItemSource.Make, "pc", 10, 2, 0);
    private static readonly ItemData D = new("D", "Pièce D", "AUTRE", ItemSource.Make, "pc", 10, 2, 0);
    private static readonly ItemData P = new("P", "Matière P", "MAT", ItemSource.Buy, "kg", 2, 10, 5, PreferredSupplier: "S1");
    private static readonly WorkstationData W = new("W1", "Tour", WorkstationData.Shifts(1), 1, 1, []);
    private static readonly DateOnly Monday = new(2026, 12, 7);

    private static MasterDataSet Valid() => new(
        [A, B, C, D, P],
        [new("A", "B", 2), new("B", "C", 1), new("C", "P", 0.5, 0.02), new("D", "P", 1)],
        [new("A", 10, "W1", 0.5, 0.2, "Montage"), new("B", 10, "W1", 0.3, 0.1), new("C", 10, "W1", 0.2, 0.05), new("C", 20, "W1", 0.1, 0.05)],
        [W],
        [new("S1", "Fournisseur 1", "achats@s1.example", "fr", "M. Dupont", "Lyon"), new("S2", "Fournisseur 2", "achats@s2.example", "en")],
        [new("K1", "Client 1", "Paris", "contact@k1.example", "en")],
        [new("A", Monday, 10), new("AUTRE", Monday, 20, IsFamily: true)],
        [new("P", 100), new("C", 5)]);

    private static MasterDataSet Bom(MasterDataSet d, string parent, params BomLineData[] lines) => d with { Bom = [.. d.Bom.Where(b => b.Parent != parent), .. lines] };

    private static MasterDataSet Item(MasterDataSet d, ItemData item) =>
        d with { Items = d.Items.Any(i => i.Code == item.Code) ? [.. d.Items.Select(i => i.Code == item.Code ? item : i)] : [.. d.Items, item] };

    public static TheoryData<string, Func<MasterDataSet, MasterDataSet>, string[], bool> Edits => new()
    {
        { "lead time changed", d => Item(d, A with { LeadTimeDays = 8 }), ["Item:A"], false },
        { "new item", d => Item(d, new ItemData("E", "Nouvelle", "FAM", ItemSource.Buy, "pc", 1, 1, 0, PreferredSupplier: "S2")), ["Item:E"], false },
        { "negative lead time", d => Item(d, A with { LeadTimeDays = -1 }), ["Item:A"], true },
        { "script in description", d => Item(d, B with { Description = "<script>x</script>" }), ["Item:B"], true },
        { "10,000-character name", d => Item(d, B with { Description = new string('x', 10_000) }), ["Item:B"], true },
        { "unknown supplier", d => Item(d, P with { PreferredSupplier = "S9" }), ["Item:P"], true },
        { "item leaves the family of a forecast", d => Item(d, D with { Family = "FAM" }), ["Item:D"], true },
        { "retired item still used", d => d with { Items = [.. d.Items.Where(i => i.Code != "C")], Bom = [.. d.Bom.Where(b => b.Parent != "C")], Routings = [.. d.Routings.Where(r => r.Item != "C")] }, ["Item:C", "Bom:C", "Routing:C"], true },
        { "retired item unused", d => d with { Items = [.. d.Items.Where(i => i.Code != "A")], Bom = [.. d.Bom.Where(b => b.Parent != "A")], Routings = [.. d.Routings.Where(r => r.Item != "A")], Forecasts = [.. d.Forecasts.Where(f => f.Code != "A")] }, ["Item:A", "Bom:A", "Routing:A", "Forecast:A"], false },
        { "good BOM", d => Bom(d, "A", new BomLineData("A", "B", 3), new BomLineData("A", "D", 1)), ["Bom:A"], false },
        { "BOM cycle three levels down", d => Bom(d, "C", new BomLineData("C", "P", 0.5, 0.02), new BomLineData("C", "A", 1)), ["Bom:C"], true },
        { "BOM cycle from the top", d => Bom(d, "A", new BomLineData("A", "B", 2), new BomLineData("A", "A", 1)), ["Bom:A"], true },
        { "duplicate BOM line", d => Bom(d, "A", new BomLineData("A", "B", 2), new BomLineData("A", "B", 2)), ["Bom:A"], true },
        { "negative quantity per", d => Bom(d, "B", new BomLineData("B", "C", -1)), ["Bom:B"], true },
        { "unknown component", d => Bom(d, "B", new BomLineData("B", "Z", 1)), ["Bom:B"], true },
        { "unknown workstation", d => d with { Routings = [.. d.Routings.Where(r => r.Item != "B"), new("B", 10, "W9", 0.3, 0.1)] }, ["Routing:B"], true },
        { "duplicate operation number", d => d with { Routings = [.. d.Routings.Where(r => r.Item != "B"), new("B", 10, "W1", 0.3, 0.1), new("B", 10, "W1", 0.3, 0.1)] }, ["Routing:B"], true },
        { "forecast of a family nobody has", d => d with { Forecasts = [.. d.Forecasts, new("NOPE", Monday, 3, true)] }, ["Forecast:F:NOPE"], true },
        { "negative forecast", d => d with { Forecasts = [.. d.Forecasts.Where(f => f.Code != "A"), new("A", Monday, -3)] }, ["Forecast:A"], true },
        { "family forecast", d => d with { Forecasts = [.. d.Forecasts.Where(f => f.Code != "FAM"), new("FAM", Monday, 3, true)] }, ["Forecast:F:FAM"], false },
        { "stock of an item", d => d with { Stock = [.. d.Stock.Where(s => s.Item != "B"), new("B", 4)] }, ["Stock:B"], false },
        { "negative stock", d => d with { Stock = [.. d.Stock.Where(s => s.Item != "P"), new("P", -4)] }, ["Stock:P"], true },
        { "supplier with a bad mail", d => d with { Suppliers = [.. d.Suppliers.Where(s => s.Code != "S2"), new("S2", "F2", "pas-une-adresse", "fr")] }, ["Supplier:S2"], true },
        { "customer with HTML", d => d with { Customers = [new("K1", "<b>Client</b>", "Paris")] }, ["Customer:K1"], true },
        { "workstation with 25 h a day", d => d with { Workstations = [W with { HoursByDay = [25, 8, 8, 8, 8, 0, 0] }] }, ["Workstation:W1"], true },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void One_edit_is_validated_like_the_whole_set(string name, Func<MasterDataSet, MasterDataSet> edit, string[] keys, bool refused)
    {
        var before = Valid();
        Assert.Empty(MasterDataValidator.Validate(before));
        var next = edit(before);

        var whole = MasterDataValidator.Validate(next).Select(Shape).Order().ToList();
        var part = MasterDataEditValidation.Validate(before, next, keys).Select(Shape).Order().ToList();

        Assert.Equal(refused, whole.Count > 0);
        Assert.True(whole.SequenceEqual(part), $"{name}: whole [{string.Join("; ", whole)}] part [{string.Join("; ", part)}]");
    }

    /// <summary>A loop is compared by the items on it (the part validated may name it from another of its items).</summary>
    private static string Shape(MasterDataProblem p) => p.Code == MasterDataProblemCode.BomCycle
        ? $"cycle {string.Join(",", p.Args[0].Split(MasterDataValidator.Arrow).Distinct().Order(StringComparer.Ordinal))}"
        : $"{p.Kind} {p.Key}.{p.Field}: {p.Code} ({string.Join(",", p.Args)})";
}
