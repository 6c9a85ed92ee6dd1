using Collab.Contracts.Sites;

namespace Collab.Domain.Exchange;

/// <summary>
/// A table read from a file, before any interpretation: one worksheet of a workbook or one CSV file.
/// Cells hold what the file holds: <see cref="string"/>, <see cref="double"/>, <see cref="DateTime"/>,
/// <see cref="bool"/> or null (a formula is read as its value, a merged cell as the value of its range).
/// </summary>
/// <param name="Source">Sheet name, or file name for a CSV file (what the error list shows).</param>
/// <param name="HeaderLine">Line number of the header row (1-based, as Excel and text editors count).</param>
/// <param name="TooManyRows">The reader stopped at the configured row limit: the table is refused, not read further.</param>
public sealed record RawTable(string Source, int HeaderLine, IReadOnlyList<string?> Headers, IReadOnlyList<RawRow> Rows, bool TooManyRows = false)
{
    /// <summary>The limit a <see cref="TooManyRows"/> table passed (when not read at all: <see cref="Rows"/> is then empty).</summary>
    public int? RowLimit { get; init; }
}

/// <summary>A data row with its line number in the file (1-based).</summary>
public sealed record RawRow(int Line, IReadOnlyList<object?> Cells);

/// <summary>What went wrong with a file, a table, a cell, or (from the master-data validator) a record.</summary>
public enum ImportProblemCode
{
    /// <summary>The file cannot be read (not an .xlsx / not text); Args[0] = reader message.</summary>
    UnreadableFile,
    /// <summary>A sheet or CSV file that matches no kind of the template (warning: ignored).</summary>
    UnknownSheet,
    /// <summary>Nothing to import in the file.</summary>
    NoData,
    /// <summary>More rows than the configured limit; Args[0] = limit.</summary>
    TooManyRows,
    MissingColumn,
    /// <summary>A column the template does not know (warning: ignored).</summary>
    ExtraColumn,
    DuplicateColumn,
    /// <summary>The same kind appears twice (two sheets or two CSV files).</summary>
    DuplicateSheet,
    Required,
    /// <summary>Args[0] = the text found.</summary>
    NotANumber,
    /// <summary>"1.234" in a French file or "1,234" in an English one: 1234 or 1.234? Args[0] = text.</summary>
    AmbiguousNumber,
    NotAnInteger,
    NotADate,
    NotABoolean,
    /// <summary>Not one of the accepted words (Fabriqué/Acheté, lot rules); Args[0] = text.</summary>
    UnknownValue,
    /// <summary>A rule of the master-data validator (see <see cref="ImportProblem.Rule"/>).</summary>
    Rule,
}

/// <summary>
/// One problem, located: <paramref name="Source"/> (sheet or file), <paramref name="Line"/> (0 = the file or
/// table as a whole, or a record of the current data that the file would break), <paramref name="Column"/>
/// (column key of <see cref="ExchangeSchema"/>, null when none). Warnings do not reject the file.
/// </summary>
public sealed record ImportProblem(string Source, int Line, string? Column, ImportProblemCode Code, IReadOnlyList<string> Args, bool Warning = false)
{
    /// <summary>Sheet the column belongs to (to show its header in the user's language).</summary>
    public ExchangeSheet? Sheet { get; init; }

    /// <summary>Key of the record concerned (item code, parent → component…), when known.</summary>
    public string? Key { get; init; }

    /// <summary>For <see cref="ImportProblemCode.Rule"/>: the validator's problem code name (localised by the UI).</summary>
    public string? Rule { get; init; }

    /// <summary>For <see cref="ImportProblemCode.Rule"/>: the validator's problem (the UI words it like the master-data pages).</summary>
    public Collab.Domain.MasterData.MasterDataProblem? Validation { get; init; }
}

/// <summary>Where a record of the imported set came from.</summary>
public sealed record RowOrigin(string Source, int Line);

/// <summary>Replace each kind present in the file entirely, or merge (create/update, nothing deleted).</summary>
public enum ImportMode
{
    Merge,
    Replace,
}

/// <summary>The records read from a file, per kind present, with the line each came from.</summary>
public sealed class ImportedData
{
    public Dictionary<ExchangeSheet, string> Sources { get; } = [];

    public List<(ItemData Row, RowOrigin Origin)> Items { get; } = [];
    public List<(BomLineData Row, RowOrigin Origin)> Bom { get; } = [];
    public List<(RoutingOperationData Row, RowOrigin Origin)> Routings { get; } = [];
    public List<(WorkstationData Row, RowOrigin Origin)> Workstations { get; } = [];
    public List<(string Workstation, DateOnly Date, RowOrigin Origin)> Closures { get; } = [];
    public List<(SupplierData Row, RowOrigin Origin)> Suppliers { get; } = [];
    public List<(CustomerData Row, RowOrigin Origin)> Customers { get; } = [];
    public List<(ForecastData Row, RowOrigin Origin)> Forecasts { get; } = [];
    public List<(StockData Row, RowOrigin Origin)> Stock { get; } = [];
    public List<(PurchaseOrderRow Row, RowOrigin Origin)> PurchaseOrders { get; } = [];
    public List<(ManufacturingOrderRow Row, RowOrigin Origin)> ManufacturingOrders { get; } = [];
    public List<(CustomerOrderRow Row, RowOrigin Origin)> CustomerOrders { get; } = [];

    public bool Has(ExchangeSheet sheet) => Sources.ContainsKey(sheet);

    public int Count(ExchangeSheet sheet) => sheet switch
    {
        ExchangeSheet.Items => Items.Count,
        ExchangeSheet.BomLines => Bom.Count,
        ExchangeSheet.Routings => Routings.Count,
        ExchangeSheet.Workstations => Workstations.Count,
        ExchangeSheet.Closures => Closures.Count,
        ExchangeSheet.Suppliers => Suppliers.Count,
        ExchangeSheet.Customers => Customers.Count,
        ExchangeSheet.Forecasts => Forecasts.Count,
        ExchangeSheet.Stock => Stock.Count,
        ExchangeSheet.PurchaseOrders => PurchaseOrders.Count,
        ExchangeSheet.ManufacturingOrders => ManufacturingOrders.Count,
        ExchangeSheet.CustomerOrders => CustomerOrders.Count,
        _ => 0,
    };
}
