using System.Globalization;
using Collab.Contracts.Sites;

namespace Collab.Domain.Exchange;

/// <summary>A field of a record whose value changes (values as invariant text; field = column key of <see cref="ExchangeSchema"/>).</summary>
public sealed record FieldDiff(string Field, string? Before, string? After);

/// <summary>A record that changes, with its fields before → after.</summary>
public sealed record RecordDiff(string Key, IReadOnlyList<FieldDiff> Fields);

/// <summary>What an import changes in one kind.</summary>
public sealed record KindDiff(ExchangeSheet Sheet, int Created, int Changed, int Removed, int Unchanged, IReadOnlyList<RecordDiff> FirstChanges)
{
    public bool Any => Created + Changed + Removed > 0;
}

/// <summary>Preview of an import: per kind, records created / changed / removed, and the first changed records field by field.</summary>
public static class MasterDataDiff
{
    public static IReadOnlyList<KindDiff> Compute(MasterDataSet before, MasterDataSet after, int firstChanges = 20)
    {
        // Closures are fields of workstations (one "closures" field), so the Closures sheet has no kind of its own here.
        return
        [
            Kind(ExchangeSheet.Items, before.Items, after.Items, ImportMerge.ItemKey, ItemFields, firstChanges),
            Kind(ExchangeSheet.BomLines, before.Bom, after.Bom, ImportMerge.BomKey, BomFields, firstChanges),
            Kind(ExchangeSheet.Routings, before.Routings, after.Routings, ImportMerge.RoutingKey, RoutingFields, firstChanges),
            Kind(ExchangeSheet.Workstations, before.Workstations, after.Workstations, w => w.Code, WorkstationFields, firstChanges),
            Kind(ExchangeSheet.Suppliers, before.Suppliers, after.Suppliers, s => s.Code, SupplierFields, firstChanges),
            Kind(ExchangeSheet.Customers, before.Customers, after.Customers, c => c.Code, CustomerFields, firstChanges),
            Kind(ExchangeSheet.Forecasts, before.Forecasts, after.Forecasts, ImportMerge.ForecastKey, ForecastFields, firstChanges),
            Kind(ExchangeSheet.Stock, before.Stock, after.Stock, s => s.Item, StockFields, firstChanges),
        ];
    }

    private static KindDiff Kind<T>(ExchangeSheet sheet, IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, string> key, Func<T, (string, string?)[]> fields, int max)
    {
        var old = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var b in before)
        {
            old.TryAdd(key(b), b);
        }

        int created = 0, changed = 0, unchanged = 0;
        var firsts = new List<RecordDiff>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in after)
        {
            var k = key(a);
            if (!seen.Add(k))
            {
                continue;
            }

            if (!old.TryGetValue(k, out var b))
            {
                created++;
                continue;
            }

            if (ReferenceEquals(a, b))
            {
                unchanged++;
                continue;
            }

            var fa = fields(a);
            var fb = fields(b);
            var diffs = new List<FieldDiff>();
            for (var i = 0; i < fa.Length; i++)
            {
                if (!string.Equals(fa[i].Item2, fb[i].Item2, StringComparison.Ordinal))
                {
                    diffs.Add(new FieldDiff(fa[i].Item1, fb[i].Item2, fa[i].Item2));
                }
            }

            if (diffs.Count == 0)
            {
                unchanged++;
                continue;
            }

            changed++;
            if (firsts.Count < max)
            {
                firsts.Add(new RecordDiff(k, diffs));
            }
        }

        var removed = old.Keys.Count(k => !seen.Contains(k));
        return new KindDiff(sheet, created, changed, removed, unchanged, firsts);
    }

    private static string N(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static (string, string?)[] ItemFields(ItemData i) =>
    [
        ("description", i.Description), ("family", i.Family), ("source", i.Source.ToString()), ("unit", i.Unit), ("unitCost", N(i.UnitCost)),
        ("leadTimeDays", I(i.LeadTimeDays)), ("safetyStock", N(i.SafetyStock)), ("lotRule", i.LotRule.ToString()), ("lotQuantity", N(i.LotQuantity)),
        ("lotPeriods", I(i.LotPeriods)), ("minQty", N(i.MinQty)), ("multiple", N(i.Multiple)), ("preferredSupplier", i.PreferredSupplier),
        ("buyer", i.Buyer), ("planner", i.Planner),
    ];

    private static (string, string?)[] BomFields(BomLineData b) => [("qtyPer", N(b.QtyPer)), ("scrapRate", N(b.ScrapRate))];

    private static (string, string?)[] RoutingFields(RoutingOperationData r) =>
        [("workstation", r.Workstation), ("setupHours", N(r.SetupHours)), ("runHoursPerUnit", N(r.RunHoursPerUnit)), ("description", r.Description)];

    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    private static (string, string?)[] WorkstationFields(WorkstationData w)
    {
        var fields = new List<(string, string?)> { ("description", w.Description) };
        for (var d = 0; d < 7; d++)
        {
            fields.Add((Days[d], d < w.HoursByDay.Count ? N(w.HoursByDay[d]) : null));
        }

        fields.Add(("machines", I(w.Machines)));
        fields.Add(("efficiency", N(w.Efficiency)));
        fields.Add(("closures", string.Join(" ", w.Closures.Select(c => c.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))));
        return [.. fields];
    }

    private static (string, string?)[] SupplierFields(SupplierData s) =>
        [("name", s.Name), ("email", s.Email), ("language", s.Language), ("contact", s.Contact), ("city", s.City)];

    private static (string, string?)[] CustomerFields(CustomerData c) => [("name", c.Name), ("city", c.City), ("email", c.Email), ("language", c.Language), ("contact", c.Contact)];

    private static (string, string?)[] ForecastFields(ForecastData f) => [("qty", N(f.Qty))];

    private static (string, string?)[] StockFields(StockData s) => [("onHand", N(s.OnHand)), ("allocated", N(s.Allocated))];
}
