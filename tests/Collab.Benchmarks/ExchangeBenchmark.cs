using System.Diagnostics;
using ClosedXML.Excel;
using Collab.Contracts.Sites;
using Collab.Domain.Exchange;
using Collab.Infrastructure.Exchange;

namespace Collab.Benchmarks;

/// <summary>
/// <c>exchange [write|miniexcel|closedxml|import] [--items 10000]</c>: the import of a 10,000-item plant
/// (10,000 items, ~30,000 BOM lines, 20,000 routing operations, 50 workstations, stock) from one .xlsx workbook.
/// <list type="bullet">
/// <item><c>write</c>: writes the workbook (MiniExcel and ClosedXML), prints sizes and times.</item>
/// <item><c>miniexcel</c> / <c>closedxml</c>: reads the workbook with that library only (run each in its own process so
/// the peak working set is the library's).</item>
/// <item><c>import</c>: the whole preview path as the page runs it: read (MiniExcel) → map → merge with the current
/// data (the same plant with 1% of items changed) → master-data validator → diff.</item>
/// </list>
/// </summary>
internal static class ExchangeBenchmark
{
    public static int Run(string[] args)
    {
        var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
        var itemsArg = Array.IndexOf(args, "--items");
        var items = itemsArg >= 0 ? int.Parse(args[itemsArg + 1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var plant = Plant(items);
        var path = Path.Combine(Path.GetTempPath(), $"collab-exchange-{items}.xlsx");
        if (mode is "write" or "all" || !File.Exists(path))
        {
            Write(plant, path);
        }

        Console.WriteLine($"plant: {plant.Items.Count} items, {plant.Bom.Count} BOM lines, {plant.Routings.Count} routing operations, {plant.Workstations.Count} workstations; file {new FileInfo(path).Length / 1024} KB");
        switch (mode)
        {
            case "miniexcel":
                ReadMiniExcel(path);
                break;
            case "closedxml":
                ReadClosedXml(path);
                break;
            case "import":
                Import(plant, path);
                break;
            case "all":
                ReadMiniExcel(path);
                Import(plant, path);
                break;
        }

        Console.WriteLine($"peak working set of this process: {Measure.Mb(Measure.PeakWorkingSet())}");
        return 0;
    }

    /// <summary>A deterministic plant: item i's components are 3 items of higher index (a DAG), 2 operations per item.</summary>
    public static MasterDataSet Plant(int n)
    {
        var random = new Random(42);
        var stations = Enumerable.Range(0, 50).Select(w => new WorkstationData($"WS{w:00}", $"Poste {w}", WorkstationData.Shifts(1 + (w % 3)), 1 + (w % 4), 0.85, [])).ToList();
        var items = Enumerable.Range(0, n).Select(i => new ItemData($"IT{i:000000}", $"Article {i}", $"FAM{i % 40:00}", i > n * 0.7 ? ItemSource.Buy : ItemSource.Make, "pce",
            1 + (i % 97), 1 + (i % 15), i % 7 == 0 ? 10 : 0, i % 5 == 0 ? LotRule.FixedQuantity : LotRule.LotForLot, i % 5 == 0 ? 50 : 0)).ToList();
        var bom = new List<BomLineData>();
        for (var i = 0; i < n && bom.Count < 3 * n; i++)
        {
            var seen = new HashSet<int>();
            for (var k = 0; k < 3 && i + 1 < n; k++)
            {
                var c = random.Next(i + 1, Math.Min(n, i + 400));
                if (seen.Add(c))
                {
                    bom.Add(new BomLineData(items[i].Code, items[c].Code, 1 + (k % 3)));
                }
            }
        }

        var routings = items.SelectMany((it, i) => new[]
        {
            new RoutingOperationData(it.Code, 10, stations[i % 50].Code, 0.5, 0.1, "Préparation"),
            new RoutingOperationData(it.Code, 20, stations[(i * 7) % 50].Code, 0.25, 0.05, "Finition"),
        }).ToList();
        var stock = items.Where((_, i) => i % 2 == 0).Select((it, i) => new StockData(it.Code, i % 100)).ToList();
        return new MasterDataSet(items, bom, routings, stations, [], [], [], stock);
    }

    private static void Write(MasterDataSet plant, string path)
    {
        var sw = Stopwatch.StartNew();
        using (var file = File.Create(path))
        {
            ExchangeFileWriter.WriteXlsx(file, MasterDataTables.Export(plant, english: false));
        }

        Console.WriteLine($"write MiniExcel: {sw.ElapsedMilliseconds} ms, {new FileInfo(path).Length / 1024} KB");
        sw.Restart();
        var tables = MasterDataTables.Export(plant, english: false);
        using (var wb = new XLWorkbook())
        {
            foreach (var t in tables)
            {
                var ws = wb.AddWorksheet(t.Name);
                for (var c = 0; c < t.Columns.Count; c++)
                {
                    ws.Cell(1, c + 1).Value = t.Columns[c].Header;
                }

                for (var r = 0; r < t.Rows.Count; r++)
                {
                    for (var c = 0; c < t.Rows[r].Count; c++)
                    {
                        ws.Cell(r + 2, c + 1).Value = t.Rows[r][c] switch { DateOnly d => d.ToDateTime(TimeOnly.MinValue), var v => v };
                    }
                }
            }

            var other = Path.ChangeExtension(path, ".closedxml.xlsx");
            wb.SaveAs(other);
            Console.WriteLine($"write ClosedXML: {sw.ElapsedMilliseconds} ms, {new FileInfo(other).Length / 1024} KB");
        }
    }

    private static void ReadMiniExcel(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var (median, min, allocated) = Measure.Time(3, () => ExchangeFileReader.ReadWorkbook(new MemoryStream(bytes), 1_000_000));
        Console.WriteLine($"read MiniExcel (all sheets, rows as cells): median {median:F0} ms, min {min:F0} ms, allocated {Measure.Mb(allocated)}");
    }

    private static void ReadClosedXml(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var (median, min, allocated) = Measure.Time(3, () =>
        {
            using var wb = new XLWorkbook(new MemoryStream(bytes));
            var cells = 0;
            foreach (var ws in wb.Worksheets)
            {
                foreach (var row in ws.RowsUsed())
                {
                    foreach (var cell in row.CellsUsed())
                    {
                        _ = cell.Value;
                        cells++;
                    }
                }
            }
        });
        Console.WriteLine($"read ClosedXML (load workbook, every used cell): median {median:F0} ms, min {min:F0} ms, allocated {Measure.Mb(allocated)}");
    }

    private static void Import(MasterDataSet plant, string path)
    {
        var bytes = File.ReadAllBytes(path);
        // The site already holds the plant with 1% of the items different: the preview finds ~100 changes.
        var current = plant with { Items = plant.Items.Select((it, i) => i % 100 == 0 ? it with { LeadTimeDays = it.LeadTimeDays + 1 } : it).ToList() };
        ImportAnalysis? last = null;
        var (median, min, allocated) = Measure.Time(3, () =>
        {
            var tables = ExchangeFileReader.ReadWorkbook(new MemoryStream(bytes), 1_000_000);
            last = ImportAnalysis.Analyse(current, tables, ImportMode.Merge);
        });
        var items = last!.Diff.First(d => d.Sheet == ExchangeSheet.Items);
        Console.WriteLine($"parse + validate + preview: median {median:F0} ms, min {min:F0} ms, allocated {Measure.Mb(allocated)}; " +
            $"{last.Problems.Count(p => !p.Warning)} errors, items +{items.Created} ~{items.Changed} -{items.Removed}");
    }
}
