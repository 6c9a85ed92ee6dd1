using System.Diagnostics;
using ClosedXML.Excel;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Domain.Exchange;
using Collab.Infrastructure.Exchange;
using Collab.Infrastructure.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Collab.Benchmarks;

/// <summary>
/// <c>exchange [preview|apply|miniexcel|closedxml]</c>: the import of a plant of 10,000 items, ~30,000 BOM lines,
/// ~20,000 routing operations and 5,000 open orders (2,000 purchase, 1,500 manufacturing, 1,500 customer) from one
/// .xlsx workbook (written once to the temp directory). Run each mode in its own process: the peak working set printed
/// at the end is then that mode's.
/// <list type="bullet">
/// <item><c>preview</c>: what the page does before "Appliquer": read (MiniExcel) → map → merge with the current data (the
/// same plant with 1 % of items changed, no orders yet) → master-data validator → open orders checked → diff.</item>
/// <item><c>apply</c>: on an in-process silo (memory storage, Collab's JSON state serializer; with <c>--mode cluster</c>
/// the 2 cluster-mode silos on PostgreSQL of <see cref="LargePlantSilo"/>): the master data in one site command, the
/// 5,000 orders through the all-or-nothing batch, then a full plan run.</item>
/// <item><c>miniexcel</c> / <c>closedxml</c>: the library comparison, reading every cell of the 10,000-item master-data
/// workbook (no orders) with that library only.</item>
/// </list>
/// </summary>
internal static class ExchangeBenchmark
{
    private static readonly DateOnly Monday = new(2026, 11, 30);

    public static async Task<int> Run(string[] args)
    {
        var mode = args.FirstOrDefault() ?? "preview";
        var (plant, orders) = Plant(10_000);
        var full = Path.Combine(Path.GetTempPath(), "collab-exchange-bench-full.xlsx");
        var masterOnly = Path.Combine(Path.GetTempPath(), "collab-exchange-bench-items.xlsx");
        if (!File.Exists(full) || !File.Exists(masterOnly))
        {
            var sw = Stopwatch.StartNew();
            using (var file = File.Create(full))
            {
                ExchangeFileWriter.WriteXlsx(file, [.. MasterDataTables.Export(plant, english: false), .. OrderTables(orders)]);
            }

            using (var file = File.Create(masterOnly))
            {
                ExchangeFileWriter.WriteXlsx(file, MasterDataTables.Export(plant, english: false));
            }

            Console.WriteLine($"workbooks written (MiniExcel) in {sw.ElapsedMilliseconds} ms");
        }

        Console.WriteLine($"plant: {plant.Items.Count} items, {plant.Bom.Count} BOM lines, {plant.Routings.Count} routing operations, {plant.Workstations.Count} workstations, " +
            $"{orders.Count} open orders; workbook {new FileInfo(full).Length / 1024} KB (master data only: {new FileInfo(masterOnly).Length / 1024} KB)");
        switch (mode)
        {
            case "preview":
                Preview(plant, full);
                break;
            case "apply":
                await ApplyAsync(plant, full);
                break;
            case "miniexcel":
                ReadMiniExcel(masterOnly);
                break;
            case "closedxml":
                ReadClosedXml(masterOnly);
                break;
            default:
                Console.WriteLine("usage: exchange preview|apply|miniexcel|closedxml");
                return 2;
        }

        Console.WriteLine($"peak working set of this process: {Measure.Mb(Measure.PeakWorkingSet())}");
        return 0;
    }

    /// <summary>
    /// Levels as a plant: 5 % finished goods, 25 % sub-assemblies, 40 % parts (made), 30 % bought. Made items have 4–5
    /// components of the next level (~30,000 BOM lines) and 2–3 operations (~20,000). Open orders on those items.
    /// </summary>
    internal static (MasterDataSet Plant, IReadOnlyList<ImportedOrder> Orders) Plant(int count)
    {
        var random = new Random(42);
        var stations = Enumerable.Range(1, 50).Select(w => new WorkstationData($"W{w:00}", $"Poste {w:00}", WorkstationData.Shifts(1 + w % 2), 1 + w % 3, 0.9, [])).ToList();
        var suppliers = Enumerable.Range(1, 200).Select(s => new SupplierData($"F{s:000}", $"Fournisseur {s:000}", $"achats{s}@fournisseur.example", s % 4 == 0 ? "en" : "fr")).ToList();
        var customers = Enumerable.Range(1, 500).Select(c => new CustomerData($"C{c:000}", $"Client {c:000}", "Lyon")).ToList();
        int Start(int level) => level switch { 0 => 0, 1 => (int)(count * 0.05), 2 => (int)(count * 0.30), _ => (int)(count * 0.70) };
        int End(int level) => level == 3 ? count : Start(level + 1);
        int Level(int i) => i < Start(1) ? 0 : i < Start(2) ? 1 : i < Start(3) ? 2 : 3;
        var items = Enumerable.Range(0, count).Select(i => new ItemData($"I{i:00000}", $"Article {i:00000}", $"FAM{i % 40:00}", Level(i) == 3 ? ItemSource.Buy : ItemSource.Make, "pc",
            Math.Round(1 + random.NextDouble() * 100, 2), 2 + i % 10, i % 5, i % 3 == 0 ? LotRule.FixedQuantity : LotRule.LotForLot, i % 3 == 0 ? 50 : 0,
            PreferredSupplier: Level(i) == 3 ? suppliers[i % suppliers.Count].Code : null)).ToList();
        var bom = new List<BomLineData>();
        var routings = new List<RoutingOperationData>();
        for (var i = 0; i < Start(3); i++)
        {
            var level = Level(i);
            var children = new HashSet<int>();
            while (children.Count < 4 + (i % 10 < 3 ? 1 : 0))
            {
                // Parts (level 2) take bought components; others the next level.
                children.Add(random.Next(Start(level + 1), End(level + 1)));
            }

            bom.AddRange(children.Select(c => new BomLineData(items[i].Code, items[c].Code, 1 + c % 3)));
            for (var op = 1; op <= (i % 7 == 0 ? 2 : 3); op++)
            {
                routings.Add(new RoutingOperationData(items[i].Code, op * 10, stations[(i + op) % stations.Count].Code, 0.5, 0.05 + (i % 7) / 100.0, "Opération"));
            }
        }

        var forecasts = items.Take(Start(1)).SelectMany(i => Enumerable.Range(0, 26).Select(w => new ForecastData(i.Code, Monday.AddDays(7 * w), 10 + w % 5))).ToList();
        var stock = items.Select((i, k) => new StockData(i.Code, k % 50)).ToList();
        var plant = new MasterDataSet(items, bom, routings, stations, suppliers, customers, forecasts, stock);

        var orders = new List<ImportedOrder>();
        for (var k = 0; k < 2_000; k++)
        {
            var item = items[Start(3) + k % (count - Start(3))];
            var lines = Enumerable.Range(0, 1 + k % 2).Select(l => new PurchaseOrderLineDraft(item.Code, 10 + k % 40, Monday.AddDays(7 + 7 * ((k + l) % 12)),
                k % 3 == 0 ? Monday.AddDays(9 + 7 * ((k + l) % 12)) : null, 10 * (l + 1))).ToList();
            orders.Add(new ImportedOrder(new ObjectRef(ObjectKind.PurchaseOrder, $"OA-ERP-{k:00000}"), Purchase: new PurchaseOrderDraft(item.PreferredSupplier!, lines)));
        }

        for (var k = 0; k < 1_500; k++)
        {
            var i = (k * 7) % Start(3);
            var start = Monday.AddDays(7 * (k % 10));
            orders.Add(new ImportedOrder(new ObjectRef(ObjectKind.ManufacturingOrder, $"OF-ERP-{k:00000}"),
                Manufacturing: new ManufacturingOrderDraft(items[i].Code, 5 + k % 20, start, start.AddDays(4), k % 2 == 0, k % 4 == 0 ? 10 : null)));
        }

        for (var k = 0; k < 1_500; k++)
        {
            var item = items[k % Start(1)];
            orders.Add(new ImportedOrder(new ObjectRef(ObjectKind.CustomerOrder, $"CC-ERP-{k:00000}"), Customer: new CustomerOrderDraft(customers[k % customers.Count].Code,
                [new CustomerOrderLineDraft(item.Code, 1 + k % 9, Monday.AddDays(14 + 7 * (k % 20)), 1)], k % 5 != 0, k % 5 != 0 ? 1 : 0.5)));
        }

        return (plant, orders);
    }

    /// <summary>The open orders as the template's order sheets (French headers).</summary>
    private static IReadOnlyList<ExportTable> OrderTables(IReadOnlyList<ImportedOrder> orders)
    {
        ExportTable T(ExchangeSheet sheet, IEnumerable<IReadOnlyList<object?>> rows)
        {
            var d = ExchangeSchema.Definition(sheet);
            return new ExportTable(d.French, d.Columns.Select(c => new ExportColumn(c.French, c.Type switch
            {
                ColumnType.Number => ExportType.Number,
                ColumnType.Integer => ExportType.Integer,
                ColumnType.Date => ExportType.Date,
                _ => ExportType.Text,
            })).ToList(), rows.ToList());
        }

        return
        [
            T(ExchangeSheet.PurchaseOrders, orders.Where(o => o.Purchase is not null).SelectMany(o => o.Purchase!.Lines.Select(l =>
                (IReadOnlyList<object?>)[o.Ref.Id, o.Purchase.Supplier, l.Line, l.Item, l.Qty, l.RequestedDate, l.ConfirmedDate, null]))),
            T(ExchangeSheet.ManufacturingOrders, orders.Where(o => o.Manufacturing is not null).Select(o =>
                (IReadOnlyList<object?>)[o.Ref.Id, o.Manufacturing!.Item, o.Manufacturing.Qty, o.Manufacturing.Start, o.Manufacturing.Due, o.Manufacturing.Released ? "oui" : "non", o.Manufacturing.LastOperationDone])),
            T(ExchangeSheet.CustomerOrders, orders.Where(o => o.Customer is not null).SelectMany(o => o.Customer!.Lines.Select(l =>
                (IReadOnlyList<object?>)[o.Ref.Id, o.Customer.Customer, l.Line, l.Item, l.Qty, l.PromisedDate, o.Customer.Firm ? "oui" : "non", o.Customer.Firm ? null : o.Customer.Probability * 100, null]))),
        ];
    }

    private static MasterDataSet Current(MasterDataSet plant) =>
        plant with { Items = plant.Items.Select((it, i) => i % 100 == 0 ? it with { LeadTimeDays = it.LeadTimeDays + 1 } : it).ToList() };

    private static void Preview(MasterDataSet plant, string path)
    {
        var bytes = File.ReadAllBytes(path);
        // The site already holds the plant with 1 % of the items different (the preview finds ~100 changes) and no order.
        var current = Current(plant);
        ImportAnalysis? last = null;
        var (median, min, allocated, cpu) = Measure.TimeWithCpu(3, () =>
        {
            var tables = ExchangeFileReader.ReadWorkbook(new MemoryStream(bytes), 200_000);
            last = ImportAnalysis.Analyse(current, tables, ImportMode.Merge, []);
        }, warmup: 1);
        var items = last!.Diff.First(d => d.Sheet == ExchangeSheet.Items);
        Console.WriteLine($"parse + validate + preview: median {median:F0} ms (min {min:F0} ms, CPU {cpu:F0} ms), allocated {Measure.Mb(allocated)}; " +
            $"{last.Errors.Count} errors, items +{items.Created} ~{items.Changed} -{items.Removed}, orders to create {last.Orders.Count}");
        foreach (var e in last.Errors.Take(5))
        {
            Console.WriteLine($"  error: {e.Source}:{e.Line} {e.Column} {e.Code} {e.Rule} {string.Join(" ", e.Args)}");
        }
    }

    private static async Task ApplyAsync(MasterDataSet plant, string path)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCollabSerialization();
            silo.AddMemoryGrainStorageAsDefault();
            // A full plan of 10,000 items on a shared, loaded machine takes longer than the 30 s default.
            silo.Configure<Orleans.Configuration.SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(10));
        });
        builder.ConfigureClient(client =>
        {
            client.Services.AddCollabSerialization();
            client.Configure<Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(10));
        });
        // Cluster mode (--mode cluster): 2 cluster-mode silos on PostgreSQL (LargePlantSilo) instead of memory storage.
        await using var large = LargePlantSilo.ClusterMode ? await LargePlantSilo.StartAsync() : null;
        await using var cluster = large is null ? builder.Build() : null;
        await (cluster?.DeployAsync() ?? Task.CompletedTask);
        var grains = large?.Grains ?? cluster!.Client;
        Console.WriteLine($"{(large is null ? "in-process silo, memory storage" : LargePlantSilo.ModeName)}; load average {BenchMachine.LoadAverage()}");
        const string Site = "BENCH";
        var site = grains.GetGrain<ISiteGrain>(Site);
        var info = await site.ImportMasterDataAsync(Current(plant), 0, "setup");
        var plan = grains.GetGrain<IPlanGrain>(PlanKey.Of(Site));

        var tables = ExchangeFileReader.ReadWorkbook(File.OpenRead(path), 200_000);
        var analysis = ImportAnalysis.Analyse(await site.GetMasterDataAsync(), tables, ImportMode.Merge, await grains.GetGrain<IOrderRegistryGrain>(Site).QueryAsync(new OrderQuery(OpenOnly: false)));
        if (analysis.Rejected)
        {
            Console.WriteLine($"rejected: {string.Join("; ", analysis.Errors.Take(5))}");
            return;
        }

        var watch = Stopwatch.StartNew();
        await site.ImportMasterDataAsync(analysis.Merged.Data, info.Version, "bench");
        var master = watch.Elapsed.TotalMilliseconds;
        var created = await grains.GetGrain<IOrderImportGrain>(Site).ImportAsync(analysis.Orders, "bench");
        var ordersMs = watch.Elapsed.TotalMilliseconds - master;
        // The plan re-run the import causes (automatic net change after 2 s of quiet), run here at once: a full run.
        var run = await plan.RecalculateAsync(Monday, "bench");
        var total = watch.Elapsed.TotalMilliseconds;
        Console.WriteLine($"apply: master data {master:F0} ms + {created.Created} orders {ordersMs:F0} ms + plan run {total - master - ordersMs:F0} ms = {total:F0} ms " +
            $"(plan: {run.PlannedOrders} planned orders, {run.Exceptions} exceptions)");
        Console.WriteLine($"  import: {Collab.Grains.Orders.OrderImportGrain.LastTimings}");
        Console.WriteLine($"  plan run: {Collab.Grains.Plan.PlanGrain.LastTimings}; {run.OrdersUpdated} grains told");
        Console.WriteLine($"registry rows: {await grains.GetGrain<IOrderRegistryGrain>(Site).CountAsync()}; load average {BenchMachine.LoadAverage()}");
    }

    private static void ReadMiniExcel(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var cells = 0L;
        var (median, min, allocated, cpu) = Measure.TimeWithCpu(3, () =>
        {
            cells = ExchangeFileReader.ReadWorkbook(new MemoryStream(bytes), 1_000_000).Sum(t => (long)t.Rows.Sum(r => r.Cells.Count));
        }, warmup: 1);
        Console.WriteLine($"read MiniExcel 1.46.0 (every sheet, streamed rows, {cells} cells): median {median:F0} ms (min {min:F0} ms, CPU {cpu:F0} ms), allocated {Measure.Mb(allocated)}");
    }

    private static void ReadClosedXml(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var cells = 0L;
        var (median, min, allocated, cpu) = Measure.TimeWithCpu(3, () =>
        {
            using var wb = new XLWorkbook(new MemoryStream(bytes));
            cells = 0;
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
        }, warmup: 1);
        Console.WriteLine($"read ClosedXML 0.95.4 (whole workbook loaded, every used cell, {cells} cells): median {median:F0} ms (min {min:F0} ms, CPU {cpu:F0} ms), allocated {Measure.Mb(allocated)}");
    }
}
