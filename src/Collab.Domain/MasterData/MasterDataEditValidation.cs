using Collab.Contracts.Sites;

namespace Collab.Domain.MasterData;

/// <summary>
/// Validation of one record edit (an item, the BOM of a parent, a routing, a workstation, a supplier, a customer, the
/// forecasts of an item or family, the stock of an item) applied to a set already known to be valid, in time
/// proportional to the edit instead of the plant: the one validator (<see cref="MasterDataValidator.Validate"/>) runs
/// on the part of <paramref name="next"/> the edit can affect. A set that was valid can only become invalid through
/// the rows of the changed records, what they refer to and what refers to what they removed or renamed:
/// <list type="bullet">
/// <item>the changed rows themselves (field checks, duplicates inside the record: BOM lines of a parent, operation numbers
/// of a routing, forecast periods of a code);</item>
/// <item>the items, workstations, suppliers and families they refer to (unknown references), and the suppliers those
/// items refer to;</item>
/// <item>for a changed BOM, every line below the parent (a new cycle goes through the parent);</item>
/// <item>rows still referring to an item that is gone (BOM lines, routings, forecasts, stock) and the family forecasts of
/// a family an item left.</item>
/// </list>
/// The problems are the ones the whole-set validation gives for these rows, with <see cref="MasterDataProblem.Index"/>
/// relative to the part validated (the pages word problems by key, never by index). Whole-set commands (import) keep
/// validating the whole set.
/// </summary>
public static class MasterDataEditValidation
{
    public static IReadOnlyList<MasterDataProblem> Validate(MasterDataSet before, MasterDataSet next, IReadOnlyCollection<string> changedKeys)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(changedKeys);
        var kinds = changedKeys.Select(k => (Kind: k[..Math.Max(0, k.IndexOf(':', StringComparison.Ordinal))], Code: MasterDataKeys.CodeOf(k), Family: k.StartsWith(MasterDataKeys.Forecast + ":F:", StringComparison.Ordinal))).ToList();
        HashSet<string> Codes(string kind, bool family = false) => kinds.Where(k => k.Kind == kind && k.Family == family).Select(k => k.Code).ToHashSet(StringComparer.Ordinal);
        var itemForecasts = Codes(MasterDataKeys.Forecast);
        var familyForecasts = Codes(MasterDataKeys.Forecast, family: true);

        var items = new Dictionary<string, ItemData>(StringComparer.Ordinal);
        var bom = new List<BomLineData>();
        var routings = Pick(next.Routings, Codes(MasterDataKeys.Routing), r => r.Item);
        var workstations = new Dictionary<string, WorkstationData>(StringComparer.Ordinal);
        var suppliers = new Dictionary<string, SupplierData>(StringComparer.Ordinal);
        var customers = Pick(next.Customers, Codes(MasterDataKeys.Customer), c => c.Code);
        var forecasts = itemForecasts.Count + familyForecasts.Count == 0 ? new List<ForecastData>() : next.Forecasts.Where(f => (f.IsFamily ? familyForecasts : itemForecasts).Contains(f.Code)).ToList();
        var stock = Pick(next.Stock, Codes(MasterDataKeys.Stock), s => s.Item);
        var nextItems = new Lazy<Dictionary<string, ItemData>>(() => next.Items.GroupBy(i => i.Code ?? "", StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

        foreach (var i in Pick(next.Items, Codes(MasterDataKeys.Item), i => i.Code))
        {
            items.TryAdd(i.Code, i);
        }

        foreach (var w in Pick(next.Workstations, Codes(MasterDataKeys.Workstation), w => w.Code))
        {
            workstations.TryAdd(w.Code, w);
        }

        foreach (var s in Pick(next.Suppliers, Codes(MasterDataKeys.Supplier), s => s.Code))
        {
            suppliers.TryAdd(s.Code, s);
        }

        // Changed BOMs and every line below them: a cycle the edit makes goes through a changed parent.
        var parents = kinds.Where(k => k.Kind == MasterDataKeys.Bom).Select(k => k.Code).ToHashSet(StringComparer.Ordinal);
        if (parents.Count > 0)
        {
            var children = next.Bom.ToLookup(b => b.Parent, StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>(parents);
            while (stack.Count > 0)
            {
                var parent = stack.Pop();
                if (!seen.Add(parent))
                {
                    continue;
                }

                foreach (var line in children[parent])
                {
                    bom.Add(line);
                    stack.Push(line.Component);
                }
            }
        }

        // Items that are gone (retired) or left a family: what still refers to them.
        var changedItems = Codes(MasterDataKeys.Item);
        var gone = changedItems.Where(c => !items.ContainsKey(c)).ToHashSet(StringComparer.Ordinal);
        if (gone.Count > 0)
        {
            bom.AddRange(next.Bom.Where(b => gone.Contains(b.Component) || gone.Contains(b.Parent)));
            routings.AddRange(next.Routings.Where(r => gone.Contains(r.Item)));
            forecasts.AddRange(next.Forecasts.Where(f => !f.IsFamily && gone.Contains(f.Code)));
            stock.AddRange(next.Stock.Where(s => gone.Contains(s.Item)));
        }

        var leftFamilies = Pick(before.Items, changedItems, i => i.Code).Where(i => !string.IsNullOrEmpty(i.Family)
                && (!items.TryGetValue(i.Code, out var now) || now.Family != i.Family))
            .Select(i => i.Family).ToHashSet(StringComparer.Ordinal);
        if (leftFamilies.Count > 0)
        {
            forecasts.AddRange(next.Forecasts.Where(f => f.IsFamily && leftFamilies.Contains(f.Code)));
        }

        // The same row reached twice (below a parent and as a reference to a gone item) once; equal rows typed twice stay
        // (a duplicate line is a problem to report).
        if (bom.Count > 0)
        {
            // In the set's own order, so the depth-first search meets a loop from the same side as the whole validation.
            var reached = new HashSet<BomLineData>(bom, ReferenceEqualityComparer.Instance);
            bom = [.. next.Bom.Where(reached.Contains)];
        }

        routings = [.. routings.Distinct<RoutingOperationData>(ReferenceEqualityComparer.Instance)];
        forecasts = [.. forecasts.Distinct<ForecastData>(ReferenceEqualityComparer.Instance)];
        stock = [.. stock.Distinct<StockData>(ReferenceEqualityComparer.Instance)];

        // What these rows refer to (as stored: valid already, validated again with them).
        void Item(string? code)
        {
            if (!string.IsNullOrEmpty(code) && !items.ContainsKey(code) && nextItems.Value.TryGetValue(code, out var i))
            {
                items[code] = i;
            }
        }

        foreach (var b in bom)
        {
            Item(b.Parent);
            Item(b.Component);
        }

        foreach (var r in routings)
        {
            Item(r.Item);
            foreach (var w in next.Workstations.Where(w => w.Code == r.Workstation))
            {
                workstations.TryAdd(w.Code, w);
            }
        }

        foreach (var f in forecasts)
        {
            if (!f.IsFamily)
            {
                Item(f.Code);
            }
            else if (!items.Values.Any(i => i.Family == f.Code) && next.Items.FirstOrDefault(i => i.Family == f.Code) is { } member)
            {
                items[member.Code] = member;
            }
        }

        foreach (var s in stock)
        {
            Item(s.Item);
        }

        foreach (var i in items.Values.Where(i => !string.IsNullOrEmpty(i.PreferredSupplier)).ToList())
        {
            foreach (var s in next.Suppliers.Where(s => s.Code == i.PreferredSupplier))
            {
                suppliers.TryAdd(s.Code, s);
            }
        }

        var part = new MasterDataSet([.. items.Values], bom, routings, [.. workstations.Values], [.. suppliers.Values], customers, forecasts, stock);
        return MasterDataValidator.Validate(part);
    }

    /// <summary>The rows whose code is in <paramref name="codes"/>; no scan at all when the edit has none of this kind.</summary>
    private static List<T> Pick<T>(IReadOnlyList<T> rows, HashSet<string> codes, Func<T, string?> code) =>
        codes.Count == 0 ? [] : [.. rows.Where(r => code(r) is { } c && codes.Contains(c))];
}
