using System.Globalization;
using Collab.Contracts.Sites;

namespace Collab.Domain.Exchange;

public enum ExportType
{
    Text,
    Number,
    Integer,
    Date,
    DateTime,
    Boolean,
}

public sealed record ExportColumn(string Header, ExportType Type);

/// <summary>A table to write to .xlsx or CSV: typed columns (headers already in the user's language) and rows of
/// <see cref="string"/>, <see cref="double"/>, <see cref="int"/>, <see cref="DateOnly"/>, <see cref="DateTime"/>, <see cref="bool"/> or null.</summary>
public sealed record ExportTable(string Name, IReadOnlyList<ExportColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>Text cells starting with these characters would be read as formulas by a spreadsheet (CSV/formula injection).</summary>
    public static bool IsDangerous(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>Neutralises a text cell: a leading apostrophe makes a spreadsheet show it as text.</summary>
    public static string Neutralise(string text) => IsDangerous(text) ? "'" + text : text;
}

/// <summary>The template and the export of master data, with the columns of <see cref="ExchangeSchema"/>.</summary>
public static class MasterDataTables
{
    private static ExportType TypeOf(ColumnType t) => t switch
    {
        ColumnType.Number => ExportType.Number,
        ColumnType.Integer => ExportType.Integer,
        ColumnType.Date => ExportType.Date,
        _ => ExportType.Text,
    };

    private static IReadOnlyList<ExportColumn> Columns(ExchangeSheetDefinition d, bool english) =>
        d.Columns.Select(c => new ExportColumn(english ? c.English : c.French, TypeOf(c.Type))).ToList();

    /// <summary>One sheet per kind with one example row (template).</summary>
    public static IReadOnlyList<ExportTable> Template(bool english) =>
        ExchangeSchema.Sheets.Select(d => new ExportTable(d.Name(english), Columns(d, english),
            [d.Columns.Select(c => Example(c, english)).ToList()])).ToList();

    private static object? Example(ExchangeColumn c, bool english) => c.Example switch
    {
        DateTime dt => DateOnly.FromDateTime(dt),
        "Fabriqué" when english => "Make",
        "Lot pour lot" when english => "Lot for lot",
        "non" when english => "no",
        "oui" when english => "yes",
        "Vélo de ville" when english => "City bike",
        "Ligne de montage" when english => "Assembly line",
        "Montage final" when english => "Final assembly",
        var v => v,
    };

    /// <summary>The current master data, one sheet per kind, in the template's columns (can be imported back as is).</summary>
    public static IReadOnlyList<ExportTable> Export(MasterDataSet data, bool english)
    {
        ExportTable T(ExchangeSheet sheet, IEnumerable<IReadOnlyList<object?>> rows)
        {
            var d = ExchangeSchema.Definition(sheet);
            return new ExportTable(d.Name(english), Columns(d, english), rows.ToList());
        }

        static object? Opt(string? s) => string.IsNullOrEmpty(s) ? null : s;
        return
        [
            T(ExchangeSheet.Items, data.Items.Select(i => (IReadOnlyList<object?>)[i.Code, i.Description, i.Family, CellParser.SourceText(i.Source, english), i.Unit, i.UnitCost,
                i.LeadTimeDays, i.SafetyStock, CellParser.LotRuleText(i.LotRule, english), i.LotQuantity, i.LotPeriods, i.MinQty, i.Multiple, Opt(i.PreferredSupplier), Opt(i.Buyer), Opt(i.Planner)])),
            T(ExchangeSheet.BomLines, data.Bom.Select(b => (IReadOnlyList<object?>)[b.Parent, b.Component, b.QtyPer, b.ScrapRate])),
            T(ExchangeSheet.Routings, data.Routings.Select(r => (IReadOnlyList<object?>)[r.Item, r.Sequence, r.Workstation, r.SetupHours, r.RunHoursPerUnit, Opt(r.Description)])),
            T(ExchangeSheet.Workstations, data.Workstations.Select(w => (IReadOnlyList<object?>)[w.Code, w.Description,
                .. Enumerable.Range(0, 7).Select(d => (object?)(d < w.HoursByDay.Count ? w.HoursByDay[d] : 0d)), w.Machines, w.Efficiency])),
            T(ExchangeSheet.Closures, data.Workstations.SelectMany(w => w.Closures.Select(c => (IReadOnlyList<object?>)[w.Code, c]))),
            T(ExchangeSheet.Suppliers, data.Suppliers.Select(s => (IReadOnlyList<object?>)[s.Code, s.Name, s.Email, s.Language, Opt(s.Contact), Opt(s.City)])),
            T(ExchangeSheet.Customers, data.Customers.Select(c => (IReadOnlyList<object?>)[c.Code, c.Name, c.City, Opt(c.Email), c.Language, Opt(c.Contact)])),
            T(ExchangeSheet.Forecasts, data.Forecasts.Select(f => (IReadOnlyList<object?>)[f.Code, f.IsFamily ? (english ? "yes" : "oui") : (english ? "no" : "non"), f.PeriodStart, f.Qty])),
            T(ExchangeSheet.Stock, data.Stock.Select(s => (IReadOnlyList<object?>)[s.Item, s.OnHand, s.Allocated])),
        ];
    }

    /// <summary>Invariant text of a value (CSV in English, diffs).</summary>
    public static string Invariant(object? v) => v switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? string.Empty,
    };
}
