using System.Globalization;
using Collab.Contracts.Sites;

namespace Collab.Domain.MasterData;

/// <summary>The list of a <see cref="MasterDataSet"/> a problem belongs to.</summary>
public enum MasterDataKind { Item, BomLine, RoutingOperation, Workstation, Supplier, Customer, Forecast, Stock }

/// <summary>What is wrong with a field. The UI (and the import report) turn it into French or English text.</summary>
public enum MasterDataProblemCode
{
    /// <summary>Empty where a value is needed.</summary>
    Required,
    /// <summary>Longer than Args[0] characters.</summary>
    TooLong,
    /// <summary>Tabs, line breaks or other control characters in a one-line text.</summary>
    ControlCharacters,
    /// <summary>HTML or script markup (&lt;b&gt;, &lt;script&gt;…) in a text.</summary>
    Markup,
    /// <summary>A negative number where only zero or more makes sense.</summary>
    Negative,
    /// <summary>A number outside [Args[0], Args[1]].</summary>
    OutOfRange,
    /// <summary>Not a finite number (NaN, infinity; import: text where a number was expected).</summary>
    NotANumber,
    /// <summary>The key appears more than once (Args[0] = the key).</summary>
    Duplicate,
    /// <summary>Names an item that does not exist (Args[0] = the code).</summary>
    UnknownItem,
    /// <summary>Names a workstation that does not exist (Args[0] = the code).</summary>
    UnknownWorkstation,
    /// <summary>Names a supplier that does not exist (Args[0] = the code).</summary>
    UnknownSupplier,
    /// <summary>A family forecast names a family no item belongs to (Args[0] = the family).</summary>
    UnknownFamily,
    /// <summary>The bills of materials loop (Args[0] = "A → B → C → A").</summary>
    BomCycle,
    /// <summary>An item is its own component.</summary>
    SelfReference,
    /// <summary>Not a mail address.</summary>
    InvalidEmail,
    /// <summary>Language other than "fr" or "en".</summary>
    InvalidLanguage,
    /// <summary>A list with the wrong number of values (Args[0] = expected count).</summary>
    WrongLength,
    /// <summary>Cannot be removed: still used (Args = what uses it, e.g. "BOM:PARENT", "STOCK", "ORDER:OF-2026-00001", "FORECAST:2026-12-07").</summary>
    StillUsed,
    /// <summary>A lot rule needs its quantity or period count (Args[0] = the lot rule).</summary>
    LotRuleIncomplete,
}

/// <summary>
/// One problem found in master data. Index = position of the row in its list of the <see cref="MasterDataSet"/>
/// (import maps it to a line); Key = the row's business key (item code, "PARENT/COMPONENT", "ITEM/10"…);
/// Field = the property name of the record (e.g. nameof(ItemData.LeadTimeDays)); Args = values for the message
/// (e.g. the cycle "A → B → C → A", a max length).
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.MasterDataProblem")]
public sealed record MasterDataProblem(
    [property: Id(0)] MasterDataKind Kind,
    [property: Id(1)] int Index,
    [property: Id(2)] string Key,
    [property: Id(3)] string Field,
    [property: Id(4)] MasterDataProblemCode Code,
    [property: Id(5)] IReadOnlyList<string> Args)
{
    /// <summary>Technical, language-neutral form (logs, exception message): "Item[3] A01.LeadTimeDays: Negative".</summary>
    public override string ToString() =>
        $"{Kind}[{Index}] {Key}.{Field}: {Code}{(Args.Count > 0 ? " (" + string.Join(", ", Args) + ")" : "")}";
}

/// <summary>
/// The one validation of master data, used by every path that changes it (pages, import, API, grains).
/// Pure: returns every problem at once, in a deterministic order (kind, then row, then field).
/// </summary>
public static class MasterDataValidator
{
    public const int CodeMaxLength = 40;
    public const int NameMaxLength = 200;
    public const int ShortTextMaxLength = 60;
    public const int UnitMaxLength = 10;
    public const int EmailMaxLength = 254;
    public const int MaxLeadTimeDays = 3650;
    public const double MaxQuantity = 1_000_000_000;
    public const double MaxHoursPerDay = 24;
    public const int MaxMachines = 1000;
    public const double MaxEfficiency = 2;

    /// <summary>Separator of cycle paths in <see cref="MasterDataProblemCode.BomCycle"/> arguments.</summary>
    public const string Arrow = " → ";

    public static IReadOnlyList<MasterDataProblem> Validate(MasterDataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var p = new List<MasterDataProblem>();
        var items = ValidateItems(data, p);
        var stations = ValidateWorkstations(data.Workstations, p);
        ValidateBom(data.Bom, items, p);
        ValidateRoutings(data.Routings, items, stations, p);
        ValidateSuppliers(data.Suppliers, p);
        ValidateCustomers(data.Customers, p);
        ValidateForecasts(data, items, p);
        ValidateStock(data.Stock, items, p);
        return p.OrderBy(x => x.Kind).ThenBy(x => x.Index).ToList(); // stable sort keeps the field order of each row
    }

    /// <summary>
    /// Why <paramref name="item"/> cannot be retired: BOMs that use it as a component, forecasts, stock
    /// and the open orders given by the caller (the order registry is not master data). Empty when it can go.
    /// </summary>
    public static IReadOnlyList<MasterDataProblem> ValidateRetire(MasterDataSet data, string item, IReadOnlyCollection<string> openOrders)
    {
        ArgumentNullException.ThrowIfNull(data);
        var index = IndexOf(data.Items, i => i.Code == item);
        var uses = new List<string>();
        uses.AddRange(data.Bom.Where(b => b.Component == item).Select(b => "BOM:" + b.Parent).Distinct());
        uses.AddRange(data.Forecasts.Where(f => !f.IsFamily && f.Code == item && f.Qty > 0)
            .Select(f => "FORECAST:" + f.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        uses.AddRange(data.Stock.Where(s => s.Item == item && s.OnHand != 0).Select(_ => "STOCK"));
        uses.AddRange(openOrders.Select(o => "ORDER:" + o));
        return uses.Count == 0
            ? []
            : [new MasterDataProblem(MasterDataKind.Item, index, item, nameof(ItemData.Code), MasterDataProblemCode.StillUsed, uses)];
    }

    private static HashSet<string> ValidateItems(MasterDataSet data, List<MasterDataProblem> p)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var suppliers = data.Suppliers.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        for (var n = 0; n < data.Items.Count; n++)
        {
            var i = data.Items[n];
            var r = new Row(p, MasterDataKind.Item, n, i.Code ?? "");
            if (r.Code(nameof(ItemData.Code), i.Code) && !codes.Add(i.Code!))
            {
                r.Add(nameof(ItemData.Code), MasterDataProblemCode.Duplicate, i.Code!);
            }

            r.Text(nameof(ItemData.Description), i.Description, NameMaxLength, required: true);
            r.Text(nameof(ItemData.Family), i.Family, ShortTextMaxLength, required: false);
            r.Text(nameof(ItemData.Unit), i.Unit, UnitMaxLength, required: true);
            r.Number(nameof(ItemData.UnitCost), i.UnitCost, MaxQuantity);
            r.Whole(nameof(ItemData.LeadTimeDays), i.LeadTimeDays, MaxLeadTimeDays);
            r.Number(nameof(ItemData.SafetyStock), i.SafetyStock, MaxQuantity);
            if (!Enum.IsDefined(i.LotRule))
            {
                r.Add(nameof(ItemData.LotRule), MasterDataProblemCode.OutOfRange, "0", "2");
            }

            if (r.Number(nameof(ItemData.LotQuantity), i.LotQuantity, MaxQuantity) && i.LotRule == LotRule.FixedQuantity && i.LotQuantity <= 0)
            {
                r.Add(nameof(ItemData.LotQuantity), MasterDataProblemCode.LotRuleIncomplete, i.LotRule.ToString());
            }

            if (r.Whole(nameof(ItemData.LotPeriods), i.LotPeriods, 520) && i.LotRule == LotRule.FixedPeriods && i.LotPeriods <= 0)
            {
                r.Add(nameof(ItemData.LotPeriods), MasterDataProblemCode.LotRuleIncomplete, i.LotRule.ToString());
            }

            r.Number(nameof(ItemData.MinQty), i.MinQty, MaxQuantity);
            r.Number(nameof(ItemData.Multiple), i.Multiple, MaxQuantity);
            if (r.Text(nameof(ItemData.PreferredSupplier), i.PreferredSupplier, CodeMaxLength, required: false)
                && !string.IsNullOrEmpty(i.PreferredSupplier) && !suppliers.Contains(i.PreferredSupplier))
            {
                r.Add(nameof(ItemData.PreferredSupplier), MasterDataProblemCode.UnknownSupplier, i.PreferredSupplier);
            }

            r.Text(nameof(ItemData.Buyer), i.Buyer, ShortTextMaxLength, required: false);
            r.Text(nameof(ItemData.Planner), i.Planner, ShortTextMaxLength, required: false);
        }

        return codes;
    }

    private static HashSet<string> ValidateWorkstations(IReadOnlyList<WorkstationData> list, List<MasterDataProblem> p)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < list.Count; n++)
        {
            var w = list[n];
            var r = new Row(p, MasterDataKind.Workstation, n, w.Code ?? "");
            if (r.Code(nameof(WorkstationData.Code), w.Code) && !codes.Add(w.Code!))
            {
                r.Add(nameof(WorkstationData.Code), MasterDataProblemCode.Duplicate, w.Code!);
            }

            r.Text(nameof(WorkstationData.Description), w.Description, NameMaxLength, required: false);
            if (w.HoursByDay is null || w.HoursByDay.Count != 7)
            {
                r.Add(nameof(WorkstationData.HoursByDay), MasterDataProblemCode.WrongLength, "7");
            }
            else
            {
                foreach (var h in w.HoursByDay)
                {
                    if (!r.Range(nameof(WorkstationData.HoursByDay), h, 0, MaxHoursPerDay))
                    {
                        break;
                    }
                }
            }

            if (w.Machines is < 1 or > MaxMachines)
            {
                r.Add(nameof(WorkstationData.Machines), MasterDataProblemCode.OutOfRange, "1", MaxMachines.ToString(CultureInfo.InvariantCulture));
            }

            if (!double.IsFinite(w.Efficiency))
            {
                r.Add(nameof(WorkstationData.Efficiency), MasterDataProblemCode.NotANumber);
            }
            else if (w.Efficiency is <= 0 or > MaxEfficiency)
            {
                r.Add(nameof(WorkstationData.Efficiency), MasterDataProblemCode.OutOfRange, "0", MaxEfficiency.ToString(CultureInfo.InvariantCulture));
            }

            var closures = w.Closures ?? [];
            var dup = closures.GroupBy(d => d).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null)
            {
                r.Add(nameof(WorkstationData.Closures), MasterDataProblemCode.Duplicate, dup.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }

        return codes;
    }

    private static void ValidateBom(IReadOnlyList<BomLineData> bom, HashSet<string> items, List<MasterDataProblem> p)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var edges = new List<(string Parent, string Component, int Index)>();
        for (var n = 0; n < bom.Count; n++)
        {
            var b = bom[n];
            var key = $"{b.Parent}/{b.Component}";
            var r = new Row(p, MasterDataKind.BomLine, n, key);
            var parentOk = r.Code(nameof(BomLineData.Parent), b.Parent);
            if (parentOk && !items.Contains(b.Parent))
            {
                r.Add(nameof(BomLineData.Parent), MasterDataProblemCode.UnknownItem, b.Parent);
                parentOk = false;
            }

            var componentOk = r.Code(nameof(BomLineData.Component), b.Component);
            if (componentOk && !items.Contains(b.Component))
            {
                r.Add(nameof(BomLineData.Component), MasterDataProblemCode.UnknownItem, b.Component);
                componentOk = false;
            }

            if (parentOk && componentOk && b.Parent == b.Component)
            {
                r.Add(nameof(BomLineData.Component), MasterDataProblemCode.SelfReference, b.Parent);
            }
            else if (parentOk && componentOk)
            {
                if (!keys.Add(key))
                {
                    r.Add(nameof(BomLineData.Component), MasterDataProblemCode.Duplicate, key);
                }
                else
                {
                    edges.Add((b.Parent, b.Component, n));
                }
            }

            if (!double.IsFinite(b.QtyPer))
            {
                r.Add(nameof(BomLineData.QtyPer), MasterDataProblemCode.NotANumber);
            }
            else if (b.QtyPer < 0)
            {
                r.Add(nameof(BomLineData.QtyPer), MasterDataProblemCode.Negative);
            }
            else if (b.QtyPer == 0 || b.QtyPer > MaxQuantity)
            {
                r.Add(nameof(BomLineData.QtyPer), MasterDataProblemCode.OutOfRange, "0", Format(MaxQuantity));
            }

            if (!double.IsFinite(b.ScrapRate))
            {
                r.Add(nameof(BomLineData.ScrapRate), MasterDataProblemCode.NotANumber);
            }
            else if (b.ScrapRate < 0)
            {
                r.Add(nameof(BomLineData.ScrapRate), MasterDataProblemCode.Negative);
            }
            else if (b.ScrapRate >= 1)
            {
                r.Add(nameof(BomLineData.ScrapRate), MasterDataProblemCode.OutOfRange, "0", "0.99");
            }
        }

        foreach (var (cycle, index) in FindCycles(edges))
        {
            var b = bom[index];
            p.Add(new MasterDataProblem(MasterDataKind.BomLine, index, $"{b.Parent}/{b.Component}", nameof(BomLineData.Component),
                MasterDataProblemCode.BomCycle, [string.Join(Arrow, cycle)]));
        }
    }

    /// <summary>
    /// Every elementary loop found by a depth-first search over parents in order of first appearance, children in
    /// line order; each reported once, on the line that closes it, as "A → B → C → A" starting from where the search entered it.
    /// </summary>
    internal static IEnumerable<(IReadOnlyList<string> Cycle, int Index)> FindCycles(IReadOnlyList<(string Parent, string Component, int Index)> edges)
    {
        var children = new Dictionary<string, List<(string Component, int Index)>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (parent, component, index) in edges)
        {
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
                order.Add(parent);
            }

            list.Add((component, index));
        }

        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the path, 2 = done
        var path = new List<string>();
        var found = new List<(IReadOnlyList<string>, int)>();
        foreach (var root in order)
        {
            if (state.ContainsKey(root))
            {
                continue;
            }

            // Iterative DFS (a 10,000-level chain must not overflow the stack).
            var stack = new Stack<(string Node, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            path.Add(root);
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                var kids = children.GetValueOrDefault(node);
                if (kids is not null && next < kids.Count)
                {
                    stack.Push((node, next + 1));
                    var (child, index) = kids[next];
                    var s = state.GetValueOrDefault(child);
                    if (s == 1)
                    {
                        var start = path.IndexOf(child);
                        found.Add(([.. path.Skip(start), child], index));
                    }
                    else if (s == 0)
                    {
                        state[child] = 1;
                        path.Add(child);
                        stack.Push((child, 0));
                    }
                }
                else
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                }
            }
        }

        return found.OrderBy(f => f.Item2);
    }

    private static void ValidateRoutings(IReadOnlyList<RoutingOperationData> ops, HashSet<string> items, HashSet<string> stations, List<MasterDataProblem> p)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < ops.Count; n++)
        {
            var o = ops[n];
            var key = $"{o.Item}/{o.Sequence.ToString(CultureInfo.InvariantCulture)}";
            var r = new Row(p, MasterDataKind.RoutingOperation, n, key);
            if (r.Code(nameof(RoutingOperationData.Item), o.Item) && !items.Contains(o.Item))
            {
                r.Add(nameof(RoutingOperationData.Item), MasterDataProblemCode.UnknownItem, o.Item);
            }

            if (o.Sequence <= 0 || o.Sequence > 9999)
            {
                r.Add(nameof(RoutingOperationData.Sequence), o.Sequence < 0 ? MasterDataProblemCode.Negative : MasterDataProblemCode.OutOfRange, "1", "9999");
            }
            else if (!string.IsNullOrEmpty(o.Item) && !keys.Add(key))
            {
                r.Add(nameof(RoutingOperationData.Sequence), MasterDataProblemCode.Duplicate, key);
            }

            if (r.Code(nameof(RoutingOperationData.Workstation), o.Workstation) && !stations.Contains(o.Workstation))
            {
                r.Add(nameof(RoutingOperationData.Workstation), MasterDataProblemCode.UnknownWorkstation, o.Workstation);
            }

            r.Number(nameof(RoutingOperationData.SetupHours), o.SetupHours, 10_000);
            r.Number(nameof(RoutingOperationData.RunHoursPerUnit), o.RunHoursPerUnit, 10_000);
            r.Text(nameof(RoutingOperationData.Description), o.Description, NameMaxLength, required: false);
        }
    }

    private static void ValidateSuppliers(IReadOnlyList<SupplierData> list, List<MasterDataProblem> p)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < list.Count; n++)
        {
            var s = list[n];
            var r = new Row(p, MasterDataKind.Supplier, n, s.Code ?? "");
            if (r.Code(nameof(SupplierData.Code), s.Code) && !codes.Add(s.Code!))
            {
                r.Add(nameof(SupplierData.Code), MasterDataProblemCode.Duplicate, s.Code!);
            }

            r.Text(nameof(SupplierData.Name), s.Name, NameMaxLength, required: true);
            r.Email(nameof(SupplierData.Email), s.Email, required: true);
            r.Language(nameof(SupplierData.Language), s.Language);
            r.Text(nameof(SupplierData.Contact), s.Contact, NameMaxLength, required: false);
            r.Text(nameof(SupplierData.City), s.City, NameMaxLength, required: false);
        }
    }

    private static void ValidateCustomers(IReadOnlyList<CustomerData> list, List<MasterDataProblem> p)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < list.Count; n++)
        {
            var c = list[n];
            var r = new Row(p, MasterDataKind.Customer, n, c.Code ?? "");
            if (r.Code(nameof(CustomerData.Code), c.Code) && !codes.Add(c.Code!))
            {
                r.Add(nameof(CustomerData.Code), MasterDataProblemCode.Duplicate, c.Code!);
            }

            r.Text(nameof(CustomerData.Name), c.Name, NameMaxLength, required: true);
            r.Text(nameof(CustomerData.City), c.City, NameMaxLength, required: false);
            r.Email(nameof(CustomerData.Email), c.Email, required: false);
            r.Language(nameof(CustomerData.Language), c.Language);
            r.Text(nameof(CustomerData.Contact), c.Contact, NameMaxLength, required: false);
        }
    }

    private static void ValidateForecasts(MasterDataSet data, HashSet<string> items, List<MasterDataProblem> p)
    {
        var families = data.Items.Select(i => i.Family).Where(f => !string.IsNullOrEmpty(f)).ToHashSet(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < data.Forecasts.Count; n++)
        {
            var f = data.Forecasts[n];
            var day = f.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var key = $"{f.Code}/{day}";
            var r = new Row(p, MasterDataKind.Forecast, n, key);
            if (r.Code(nameof(ForecastData.Code), f.Code))
            {
                if (f.IsFamily && !families.Contains(f.Code))
                {
                    r.Add(nameof(ForecastData.Code), MasterDataProblemCode.UnknownFamily, f.Code);
                }
                else if (!f.IsFamily && !items.Contains(f.Code))
                {
                    r.Add(nameof(ForecastData.Code), MasterDataProblemCode.UnknownItem, f.Code);
                }
                else if (!keys.Add((f.IsFamily ? "F:" : "I:") + key))
                {
                    r.Add(nameof(ForecastData.PeriodStart), MasterDataProblemCode.Duplicate, key);
                }
            }

            r.Number(nameof(ForecastData.Qty), f.Qty, MaxQuantity);
        }
    }

    private static void ValidateStock(IReadOnlyList<StockData> list, HashSet<string> items, List<MasterDataProblem> p)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < list.Count; n++)
        {
            var s = list[n];
            var r = new Row(p, MasterDataKind.Stock, n, s.Item ?? "");
            if (r.Code(nameof(StockData.Item), s.Item))
            {
                if (!items.Contains(s.Item!))
                {
                    r.Add(nameof(StockData.Item), MasterDataProblemCode.UnknownItem, s.Item!);
                }
                else if (!keys.Add(s.Item!))
                {
                    r.Add(nameof(StockData.Item), MasterDataProblemCode.Duplicate, s.Item!);
                }
            }

            r.Number(nameof(StockData.OnHand), s.OnHand, MaxQuantity);
            r.Number(nameof(StockData.Allocated), s.Allocated, MaxQuantity);
        }
    }

    private static int IndexOf<T>(IReadOnlyList<T> list, Func<T, bool> match)
    {
        for (var n = 0; n < list.Count; n++)
        {
            if (match(list[n]))
            {
                return n;
            }
        }

        return -1;
    }

    private static string Format(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="text"/> holds a control character (tab, line break, NUL…).</summary>
    public static bool HasControlCharacters(string text) => text.Any(char.IsControl);

    /// <summary>True when <paramref name="text"/> looks like HTML or script: a tag opening (&lt;b, &lt;/, &lt;!, &lt;?) or a javascript: URL.</summary>
    public static bool HasMarkup(string text)
    {
        for (var n = 0; n < text.Length - 1; n++)
        {
            if (text[n] == '<' && (char.IsAsciiLetter(text[n + 1]) || text[n + 1] is '/' or '!' or '?'))
            {
                return true;
            }
        }

        return text.Contains("javascript:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A plausible mail address: one @, something before, a dot in the domain, no spaces or markup.</summary>
    public static bool IsEmail(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == text.LastIndexOf('@') && at < text.Length - 3
            && text.IndexOf('.', at) > at + 1 && !text.EndsWith('.')
            && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or ',' or ';' or '(' or ')');
    }

    private readonly struct Row(List<MasterDataProblem> problems, MasterDataKind kind, int index, string key)
    {
        public void Add(string field, MasterDataProblemCode code, params string[] args) =>
            problems.Add(new MasterDataProblem(kind, index, key.Length > CodeMaxLength * 2 + 10 ? key[..(CodeMaxLength * 2 + 10)] + "…" : key, field, code, args));

        /// <summary>A business code: required, ≤ 40 characters, no control characters, no markup, no spaces or '/'. True when usable.</summary>
        public bool Code(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(field, MasterDataProblemCode.Required);
                return false;
            }

            var ok = true;
            if (value.Length > CodeMaxLength)
            {
                Add(field, MasterDataProblemCode.TooLong, CodeMaxLength.ToString(CultureInfo.InvariantCulture));
                ok = false;
            }

            if (HasControlCharacters(value))
            {
                Add(field, MasterDataProblemCode.ControlCharacters);
                ok = false;
            }
            else if (HasMarkup(value) || value.Any(c => c is '<' or '>' or '"' or '/' or '\\') || value != value.Trim())
            {
                Add(field, MasterDataProblemCode.Markup);
                ok = false;
            }

            return ok;
        }

        /// <summary>A one-line text. True when usable (possibly empty if not required).</summary>
        public bool Text(string field, string? value, int max, bool required)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                {
                    Add(field, MasterDataProblemCode.Required);
                    return false;
                }

                return true;
            }

            var ok = true;
            if (value.Length > max)
            {
                Add(field, MasterDataProblemCode.TooLong, max.ToString(CultureInfo.InvariantCulture));
                ok = false;
            }

            if (HasControlCharacters(value))
            {
                Add(field, MasterDataProblemCode.ControlCharacters);
                ok = false;
            }

            if (HasMarkup(value))
            {
                Add(field, MasterDataProblemCode.Markup);
                ok = false;
            }

            return ok;
        }

        public void Email(string field, string? value, bool required)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                {
                    Add(field, MasterDataProblemCode.Required);
                }
            }
            else if (value.Length > EmailMaxLength)
            {
                Add(field, MasterDataProblemCode.TooLong, EmailMaxLength.ToString(CultureInfo.InvariantCulture));
            }
            else if (!IsEmail(value))
            {
                Add(field, MasterDataProblemCode.InvalidEmail, value.Length > 80 ? value[..80] : value);
            }
        }

        public void Language(string field, string? value)
        {
            if (value is not ("fr" or "en"))
            {
                Add(field, MasterDataProblemCode.InvalidLanguage, "fr", "en");
            }
        }

        /// <summary>Finite, ≥ 0 and ≤ max. True when usable.</summary>
        public bool Number(string field, double value, double max)
        {
            if (!double.IsFinite(value))
            {
                Add(field, MasterDataProblemCode.NotANumber);
                return false;
            }

            if (value < 0)
            {
                Add(field, MasterDataProblemCode.Negative);
                return false;
            }

            if (value > max)
            {
                Add(field, MasterDataProblemCode.OutOfRange, "0", Format(max));
                return false;
            }

            return true;
        }

        public bool Whole(string field, int value, int max)
        {
            if (value < 0)
            {
                Add(field, MasterDataProblemCode.Negative);
                return false;
            }

            if (value > max)
            {
                Add(field, MasterDataProblemCode.OutOfRange, "0", max.ToString(CultureInfo.InvariantCulture));
                return false;
            }

            return true;
        }

        public bool Range(string field, double value, double min, double max)
        {
            if (!double.IsFinite(value))
            {
                Add(field, MasterDataProblemCode.NotANumber);
                return false;
            }

            if (value < min)
            {
                Add(field, MasterDataProblemCode.Negative);
                return false;
            }

            if (value > max)
            {
                Add(field, MasterDataProblemCode.OutOfRange, Format(min), Format(max));
                return false;
            }

            return true;
        }
    }
}
