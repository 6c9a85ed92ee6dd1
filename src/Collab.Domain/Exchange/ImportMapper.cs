using Collab.Contracts.Sites;

namespace Collab.Domain.Exchange;

/// <summary>
/// Maps raw tables to master-data records, collecting every structural and cell problem at once
/// (missing/extra/duplicate columns, blank required cells, numbers, dates, words). Semantic rules
/// (references, duplicates, cycles, ranges) are the master-data validator's, run on the merged set.
/// A row with a cell problem is still kept (the cell at a neutral value) so that the validator does not
/// report its references as unknown; the cell problem already rejects the file.
/// </summary>
public static class ImportMapper
{
    public static (ImportedData Data, IReadOnlyList<ImportProblem> Problems) Map(IReadOnlyList<RawTable> tables)
    {
        var data = new ImportedData();
        var problems = new List<ImportProblem>();
        foreach (var table in tables)
        {
            var definition = ExchangeSchema.FindByName(table.Source) ?? ExchangeSchema.FindByHeaders(table.Headers);
            if (table.TooManyRows && definition is null)
            {
                // Refused whatever it holds: a sheet too long to read is not silently ignored as unknown.
                problems.Add(new ImportProblem(table.Source, 0, null, ImportProblemCode.TooManyRows, [(table.RowLimit ?? table.Rows.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)]));
                continue;
            }

            if (definition is null)
            {
                if (table.Rows.Count > 0 || table.Headers.Any(h => h is not null))
                {
                    problems.Add(new ImportProblem(table.Source, 0, null, ImportProblemCode.UnknownSheet, [table.Source], Warning: true));
                }

                continue;
            }

            if (data.Sources.TryGetValue(definition.Sheet, out var first))
            {
                problems.Add(new ImportProblem(table.Source, 0, null, ImportProblemCode.DuplicateSheet, [first]) { Sheet = definition.Sheet });
                continue;
            }

            data.Sources[definition.Sheet] = table.Source;
            if (table.TooManyRows)
            {
                problems.Add(new ImportProblem(table.Source, 0, null, ImportProblemCode.TooManyRows, [(table.RowLimit ?? table.Rows.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)]) { Sheet = definition.Sheet });
                continue;
            }

            MapTable(table, definition, data, problems);
        }

        if (data.Sources.Count == 0 && problems.All(p => p.Warning))
        {
            problems.Add(new ImportProblem(tables.Count == 1 ? tables[0].Source : string.Empty, 0, null, ImportProblemCode.NoData, []));
        }

        return (data, problems);
    }

    private static void MapTable(RawTable table, ExchangeSheetDefinition definition, ImportedData data, List<ImportProblem> problems)
    {
        // Header → column index; the file's language decides how an ambiguous number is read.
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        int french = 0, english = 0;
        for (var i = 0; i < table.Headers.Count; i++)
        {
            var header = table.Headers[i];
            if (string.IsNullOrWhiteSpace(header))
            {
                continue;
            }

            var key = ExchangeSchema.Normalize(header);
            var column = definition.Columns.FirstOrDefault(c => ExchangeSchema.Normalize(c.French) == key || ExchangeSchema.Normalize(c.English) == key);
            if (column is null)
            {
                problems.Add(new ImportProblem(table.Source, table.HeaderLine, null, ImportProblemCode.ExtraColumn, [header.Trim()], Warning: true) { Sheet = definition.Sheet });
                continue;
            }

            if (!positions.TryAdd(column.Key, i))
            {
                problems.Add(new ImportProblem(table.Source, table.HeaderLine, column.Key, ImportProblemCode.DuplicateColumn, [header.Trim()]) { Sheet = definition.Sheet });
                continue;
            }

            var isFrench = ExchangeSchema.Normalize(column.French) == key;
            var isEnglish = ExchangeSchema.Normalize(column.English) == key;
            if (isFrench && !isEnglish)
            {
                french++;
            }
            else if (isEnglish && !isFrench)
            {
                english++;
            }
        }

        var missing = definition.Columns.Where(c => c.Required && !positions.ContainsKey(c.Key)).ToList();
        foreach (var column in missing)
        {
            problems.Add(new ImportProblem(table.Source, table.HeaderLine, column.Key, ImportProblemCode.MissingColumn, []) { Sheet = definition.Sheet });
        }

        if (missing.Count > 0)
        {
            return;
        }

        var row = new RowReader(table.Source, definition, positions, english > french, problems);
        foreach (var raw in table.Rows)
        {
            if (raw.Cells.All(CellParser.IsBlank))
            {
                continue;
            }

            row.Start(raw);
            var origin = new RowOrigin(table.Source, raw.Line);
            switch (definition.Sheet)
            {
                case ExchangeSheet.Items:
                {
                    var item = new ItemData(row.Text("code"), row.Text("description"), row.Text("family"), row.Source("source"), row.Text("unit"),
                        row.Number("unitCost"), row.Integer("leadTimeDays"), row.Number("safetyStock"), row.Lot("lotRule"), row.Number("lotQuantity"),
                        row.Integer("lotPeriods"), row.Number("minQty"), row.Number("multiple"), row.OptionalText("preferredSupplier"),
                        row.OptionalText("buyer"), row.OptionalText("planner"));
                    data.Items.Add((item, origin));

                    break;
                }

                case ExchangeSheet.BomLines:
                {
                    var line = new BomLineData(row.Text("parent"), row.Text("component"), row.Number("qtyPer"), row.Number("scrapRate"));
                    data.Bom.Add((line, origin));

                    break;
                }

                case ExchangeSheet.Routings:
                {
                    var op = new RoutingOperationData(row.Text("item"), row.Integer("sequence"), row.Text("workstation"), row.Number("setupHours"),
                        row.Number("runHoursPerUnit"), row.OptionalText("description") ?? string.Empty);
                    data.Routings.Add((op, origin));

                    break;
                }

                case ExchangeSheet.Workstations:
                {
                    double[] hours = [row.Number("monday"), row.Number("tuesday"), row.Number("wednesday"), row.Number("thursday"), row.Number("friday"), row.Number("saturday"), row.Number("sunday")];
                    var ws = new WorkstationData(row.Text("code"), row.Text("description"), hours, row.Integer("machines"), row.Number("efficiency"), []);
                    data.Workstations.Add((ws, origin));

                    break;
                }

                case ExchangeSheet.Closures:
                {
                    var code = row.Text("workstation");
                    var date = row.Date("date");
                    data.Closures.Add((code, date, origin));

                    break;
                }

                case ExchangeSheet.Suppliers:
                {
                    var s = new SupplierData(row.Text("code"), row.Text("name"), row.Text("email"), row.Text("language").ToLowerInvariant(), row.OptionalText("contact"), row.OptionalText("city"));
                    data.Suppliers.Add((s, origin));

                    break;
                }

                case ExchangeSheet.Customers:
                {
                    var c = new CustomerData(row.Text("code"), row.Text("name"), row.Text("city"), row.OptionalText("email"), row.OptionalText("language")?.ToLowerInvariant() ?? "fr", row.OptionalText("contact"));
                    data.Customers.Add((c, origin));

                    break;
                }

                case ExchangeSheet.Forecasts:
                {
                    var f = new ForecastData(row.Text("code"), row.Date("periodStart"), row.Number("qty"), row.Boolean("isFamily"));
                    data.Forecasts.Add((f, origin));

                    break;
                }

                case ExchangeSheet.Stock:
                {
                    var s = new StockData(row.Text("item"), row.Number("onHand"), row.Number("allocated"));
                    data.Stock.Add((s, origin));

                    break;
                }

                case ExchangeSheet.PurchaseOrders:
                {
                    var po = new PurchaseOrderRow(row.Text("number"), row.Text("supplier"), row.Integer("line"), row.Text("item"), row.Number("qty"),
                        row.Date("requestedDate"), row.OptionalDate("confirmedDate"), row.OptionalText("buyer"));
                    data.PurchaseOrders.Add((po, origin));

                    break;
                }

                case ExchangeSheet.ManufacturingOrders:
                {
                    var mo = new ManufacturingOrderRow(row.Text("number"), row.Text("item"), row.Number("qty"), row.Date("start"), row.Date("due"),
                        row.OptionalBoolean("released") ?? false, row.OptionalInteger("lastOperationDone"));
                    data.ManufacturingOrders.Add((mo, origin));

                    break;
                }

                case ExchangeSheet.CustomerOrders:
                {
                    var co = new CustomerOrderRow(row.Text("number"), row.Text("customer"), row.Integer("line"), row.Text("item"), row.Number("qty"),
                        row.Date("promisedDate"), row.OptionalBoolean("firm") ?? true, row.OptionalNumber("probability"), row.OptionalText("reference"));
                    data.CustomerOrders.Add((co, origin));

                    break;
                }
            }
        }
    }

    /// <summary>Reads the cells of one row by column key, recording each problem.</summary>
    private sealed class RowReader(string source, ExchangeSheetDefinition definition, Dictionary<string, int> positions, bool english, List<ImportProblem> problems)
    {
        private RawRow row = new(0, []);

        public bool Ok { get; private set; } = true;

        public void Start(RawRow r)
        {
            row = r;
            Ok = true;
        }

        private object? Cell(string key) =>
            positions.TryGetValue(key, out var i) && i < row.Cells.Count ? row.Cells[i] : null;

        private void Problem(string key, ImportProblemCode code, object? cell)
        {
            Ok = false;
            problems.Add(new ImportProblem(source, row.Line, key, code, [CellParser.Text(cell) ?? string.Empty]) { Sheet = definition.Sheet });
        }

        private bool Required(string key) => definition.Column(key).Required;

        private T Check<T>(string key, CellParser.Result<T> result, T fallback)
        {
            if (result.Error is { } error)
            {
                Problem(key, error, Cell(key));
                return fallback;
            }

            if (result.Empty)
            {
                if (Required(key))
                {
                    Problem(key, ImportProblemCode.Required, null);
                }

                return fallback;
            }

            return result.Value;
        }

        public string Text(string key)
        {
            var text = CellParser.Text(Cell(key));
            if (text is null && Required(key))
            {
                Problem(key, ImportProblemCode.Required, null);
            }

            return text ?? string.Empty;
        }

        public string? OptionalText(string key) => CellParser.Text(Cell(key));

        public double Number(string key) => Check(key, CellParser.Number(Cell(key), english), 0d);

        public int Integer(string key) => Check(key, CellParser.Integer(Cell(key), english), 0);

        public DateOnly Date(string key) => Check(key, CellParser.Date(Cell(key)), default(DateOnly));

        public bool Boolean(string key) => Check(key, CellParser.Boolean(Cell(key)), false);

        public bool? OptionalBoolean(string key) => CellParser.Boolean(Cell(key)) is { Empty: false } r ? Check(key, r, false) : null;

        public DateOnly? OptionalDate(string key) => CellParser.Date(Cell(key)) is { Empty: false } r ? Check(key, r, default(DateOnly)) : null;

        public int? OptionalInteger(string key) => CellParser.Integer(Cell(key), english) is { Empty: false } r ? Check(key, r, 0) : null;

        public double? OptionalNumber(string key) => CellParser.Number(Cell(key), english) is { Empty: false } r ? Check(key, r, 0d) : null;

        public ItemSource Source(string key) => Check(key, CellParser.Source(Cell(key)), ItemSource.Make);

        public LotRule Lot(string key) => Check(key, CellParser.Lot(Cell(key)), LotRule.LotForLot);
    }
}
