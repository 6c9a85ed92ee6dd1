using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Domain.Plan;

namespace Collab.Domain.Demo;

/// <summary>Size of a generated plant (issue #17): a mid-size plant by default.</summary>
public sealed record LargePlantOptions(
    int Items = 10_000,
    int Levels = 8,
    int Workstations = 100,
    int ManufacturingOrders = 2_000,
    int PurchaseOrders = 4_000,
    int CustomerOrders = 5_000,
    int Seed = 1)
{
    /// <summary>Problems with the options, all at once (empty when valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Items is < 50 or > 200_000) problems.Add("--items must be between 50 and 200000");
        if (Levels is < 2 or > 20) problems.Add("--levels must be between 2 and 20");
        if (Workstations is < 2 or > 2_000) problems.Add("--workstations must be between 2 and 2000");
        if (ManufacturingOrders is < 0 or > 100_000) problems.Add("--mos must be between 0 and 100000");
        if (PurchaseOrders is < 0 or > 100_000) problems.Add("--pos must be between 0 and 100000");
        if (CustomerOrders is < 1 or > 100_000) problems.Add("--cos must be between 1 and 100000");
        if (Levels * 4 > Items) problems.Add("--items must be at least 4 per level");
        return problems;
    }
}

/// <summary>An open purchase order of a generated plant; <see cref="ConfirmAsRequested"/>: the supplier confirmed the requested dates.</summary>
public sealed record GeneratedPurchaseOrder(PurchaseOrderDraft Draft, bool ConfirmAsRequested);

/// <summary>A generated plant: master data and the open orders it has on file (numbers are given by whoever stores them).</summary>
public sealed record GeneratedPlant(
    MasterDataSet Data,
    IReadOnlyList<CustomerOrderDraft> CustomerOrders,
    IReadOnlyList<ManufacturingOrderDraft> ManufacturingOrders,
    IReadOnlyList<GeneratedPurchaseOrder> PurchaseOrders)
{
    /// <summary>The open orders as the order registry summarises them (numbered CC-k, OF-k, OA-k in generation order),
    /// for a plan computed without grains (tests, benchmarks).</summary>
    public List<OrderSummary> OpenOrderSummaries()
    {
        var orders = new List<OrderSummary>();
        orders.AddRange(CustomerOrders.Select((c, k) => LargePlantGenerator.OpenOrderSummary(ObjectKind.CustomerOrder, $"CC-{k}", c.Customer,
            [.. c.Lines.Select((l, n) => new OrderLineSummary(n + 1, l.Item, l.Qty, l.PromisedDate))], c.Firm, c.Probability)));
        orders.AddRange(ManufacturingOrders.Select((m, k) => LargePlantGenerator.OpenOrderSummary(ObjectKind.ManufacturingOrder, $"OF-{k}", m.Item, [new OrderLineSummary(1, m.Item, m.Qty, m.Due)])));
        orders.AddRange(PurchaseOrders.Select((p, k) => LargePlantGenerator.OpenOrderSummary(ObjectKind.PurchaseOrder, $"OA-{k}", p.Draft.Supplier,
            [.. p.Draft.Lines.Select((l, n) => new OrderLineSummary(n + 1, l.Item, l.Qty, l.RequestedDate))])));
        return orders;
    }
}

/// <summary>
/// A large plant on demand (issue #17), pure and deterministic for a seed and a date: finished goods over
/// <see cref="LargePlantOptions.Levels"/> BOM levels down to bought materials, routings on the workstations,
/// suppliers, customers, open customer orders spread over 12 weeks, and the open MOs and POs a plant that follows its
/// plan would have on file (the orders a first MRP run says should already be launched, as for the small demo).
/// Workstation capacities are sized from the load that plan puts on them (about 75 %), two of them over 100 %, so
/// the plant looks alive, not broken: a handful of late orders and overloads, not hundreds.
/// Used by the demo seeding (<c>--demo-scale large</c>) and by <c>collab generate-plant</c> (the same plant as a workbook).
/// </summary>
public static class LargePlantGenerator
{
    /// <summary>Customers with late orders on purpose (promised before today, not shipped).</summary>
    public const int LateCustomerOrders = 6;

    /// <summary>Workstations sized over their capacity on purpose.</summary>
    public const int OverloadedWorkstations = 2;

    /// <summary>Family of the made components (every item has a family: the import workbook requires one).</summary>
    public const string ComponentsFamily = "COMPOSANTS";

    /// <summary>Family of the bought materials.</summary>
    public const string MaterialsFamily = "MATIERES";

    public static GeneratedPlant Generate(DateOnly today, LargePlantOptions o)
    {
        var problems = o.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(o));
        }

        var rng = new Random(o.Seed);
        var monday = WeekStart(today);

        // Partners.
        var suppliers = Enumerable.Range(1, Math.Max(10, o.Items / 200))
            .Select(n => new SupplierData($"F-{n:0000}", $"Fournisseur {n:0000}", $"commandes{n}@fournisseur{n}.example", n % 5 == 0 ? "en" : "fr", null, null)).ToList();
        var customers = Enumerable.Range(1, Math.Max(10, o.CustomerOrders / 15))
            .Select(n => new CustomerData($"C-{n:00000}", $"Client {n:00000}", "Lyon")).ToList();

        // Items per level: 5 % finished goods, 45 % bought at the bottom, the rest evenly over the middle levels.
        var fgCount = Math.Max(2, o.Items / 20);
        var buyCount = Math.Max(2, o.Items * 45 / 100);
        var middle = o.Levels - 2;
        var perMiddle = middle == 0 ? 0 : (o.Items - fgCount - buyCount) / middle;
        buyCount = o.Items - fgCount - perMiddle * middle;
        var families = Enumerable.Range(1, Math.Clamp(fgCount / 25, 1, 40)).Select(n => $"FAM-{n:00}").ToArray();
        var levels = new List<List<ItemData>>();
        for (var level = 0; level < o.Levels; level++)
        {
            var count = level == 0 ? fgCount : level == o.Levels - 1 ? buyCount : perMiddle;
            var list = new List<ItemData>(count);
            for (var n = 1; n <= count; n++)
            {
                if (level == 0)
                {
                    list.Add(new ItemData($"PF-{n:00000}", $"Produit fini {n:00000}", families[(n - 1) % families.Length], ItemSource.Make, "pc",
                        Math.Round(200 + rng.NextDouble() * 800, 2), 3 + rng.Next(5), 0, Planner: "planificateur"));
                }
                else if (level == o.Levels - 1)
                {
                    var supplier = suppliers[rng.Next(suppliers.Count)].Code;
                    list.Add(new ItemData($"MP-{n:00000}", $"Matière {n:00000}", MaterialsFamily, ItemSource.Buy, n % 10 == 0 ? "kg" : "pc",
                        Math.Round(1 + rng.NextDouble() * 50, 2), 5 + rng.Next(26), 0,
                        n % 4 == 0 ? LotRule.FixedQuantity : LotRule.LotForLot, n % 4 == 0 ? 50 * (1 + rng.Next(4)) : 0,
                        PreferredSupplier: supplier, Buyer: n % 2 == 0 ? "acheteur" : "acheteuse"));
                }
                else
                {
                    list.Add(new ItemData($"SE{level}-{n:00000}", $"Composant niveau {level} n° {n:00000}", ComponentsFamily, ItemSource.Make, "pc",
                        Math.Round(10 + rng.NextDouble() * 150, 2), 2 + rng.Next(6), 0, Planner: "planificateur"));
                }
            }

            levels.Add(list);
        }

        // Bills of materials: 2–4 components, the first from the next level, the others from any deeper level; every
        // item below the top is used by at least one parent.
        var bom = new List<BomLineData>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new HashSet<(string, string)>();
        void Link(ItemData parent, ItemData component)
        {
            if (pairs.Add((parent.Code, component.Code)))
            {
                bom.Add(new BomLineData(parent.Code, component.Code, 1 + (rng.Next(4) == 0 ? rng.Next(3) : 0), rng.Next(10) == 0 ? 0.02 : 0));
                used.Add(component.Code);
            }
        }

        for (var level = 0; level < o.Levels - 1; level++)
        {
            foreach (var parent in levels[level])
            {
                Link(parent, levels[level + 1][rng.Next(levels[level + 1].Count)]);
                for (var k = rng.Next(1, 4); k > 0; k--)
                {
                    var deeper = levels[level + 1 + rng.Next(o.Levels - 1 - level)];
                    Link(parent, deeper[rng.Next(deeper.Count)]);
                }
            }

            foreach (var child in levels[level + 1].Where(c => !used.Contains(c.Code)))
            {
                Link(levels[level][rng.Next(levels[level].Count)], child);
            }
        }

        // Routings: 1–4 operations of made items on the workstations (hours per piece kept small: large lots).
        var stationCodes = Enumerable.Range(1, o.Workstations).Select(n => $"P-{n:000}").ToArray();
        var routings = new List<RoutingOperationData>();
        foreach (var item in levels.Take(o.Levels - 1).SelectMany(l => l))
        {
            for (var op = 1; op <= 1 + rng.Next(4); op++)
            {
                routings.Add(new RoutingOperationData(item.Code, op * 10, stationCodes[rng.Next(stationCodes.Length)],
                    Math.Round(0.1 + rng.NextDouble() * 0.7, 2), Math.Round(0.005 + rng.NextDouble() * 0.045, 3), $"Opération {op * 10}"));
            }
        }

        var items = levels.SelectMany(l => l).ToList();
        var stock = levels[0].Select((i, k) => new StockData(i.Code, k % 3)).ToList();
        var provisional = stationCodes.Select(c => new WorkstationData(c, "Poste " + c, WorkstationData.Shifts(2), 1, 0.9, [])).ToList();
        var data = new MasterDataSet(items, bom, routings, provisional, suppliers, customers, [], stock);

        // Open customer orders: 1–3 lines of finished goods over the next 12 weeks, one in six optional, a few late.
        var customerOrders = new List<CustomerOrderDraft>(o.CustomerOrders);
        for (var k = 0; k < o.CustomerOrders; k++)
        {
            var late = k < LateCustomerOrders;
            var optional = !late && k % 6 == 5;
            var lines = Enumerable.Range(0, 1 + rng.Next(3)).Select(_ =>
                new CustomerOrderLineDraft(levels[0][rng.Next(fgCount)].Code, 1 + rng.Next(20),
                    late ? today.AddDays(-1 - k) : monday.AddDays(7 + rng.Next(7 * 12)))).ToList();
            customerOrders.Add(new CustomerOrderDraft(customers[k % customers.Count].Code, lines, !optional, optional ? 0.5 : 1, $"REF-{k + 1:00000}"));
        }

        // Orders that should already be launched, one level at a time (as the small demo does).
        var summaries = customerOrders.Select((c, k) => OpenOrderSummary(ObjectKind.CustomerOrder, $"CC-{k}", c.Customer,
            [.. c.Lines.Select((l, n) => new OrderLineSummary(n + 1, l.Item, l.Qty, l.PromisedDate))], c.Firm, c.Probability)).ToList();
        var manufacturing = new List<ManufacturingOrderDraft>();
        var perLevel = Math.Max(1, o.ManufacturingOrders / Math.Max(1, o.Levels - 1));
        var onHand = stock.ToDictionary(x => x.Item, x => x.OnHand, StringComparer.Ordinal);
        PlanComputation Run() => new(new PlanInputs
        {
            RunId = "large", Today = today, Settings = SiteSettings.Default, Orders = summaries,
            Data = data with { Stock = [.. onHand.Select(kv => new StockData(kv.Key, kv.Value))] },
        });
        PlanComputation run = null!;
        for (var level = 0; level < o.Levels - 1; level++)
        {
            run = Run();
            var codes = levels[level].Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
            var budget = level == o.Levels - 2 ? o.ManufacturingOrders - manufacturing.Count : perLevel;
            var due = run.Mrp.PlannedOrders.Where(p => codes.Contains(p.Item) && p.NeededReleasePeriod <= 1)
                .OrderBy(p => p.NeededReleasePeriod).ThenBy(p => p.Item, StringComparer.Ordinal).ToList();
            foreach (var (p, k) in due.Select((p, k) => (p, k)))
            {
                if (k >= budget)
                {
                    // Beyond the plant's MO count: the plant already has these parts on the shelf.
                    onHand[p.Item] = onHand.GetValueOrDefault(p.Item) + p.Qty;
                    continue;
                }

                var start = monday.AddDays(7 * (p.NeededReleasePeriod - 1) + p.Index % 3);
                var dueDate = Max(run.DateOf(p.ReceiptPeriod), today);
                manufacturing.Add(new ManufacturingOrderDraft(p.Item, p.Qty, start, dueDate, Released: start <= today));
                summaries.Add(OpenOrderSummary(ObjectKind.ManufacturingOrder, $"OF-{manufacturing.Count}", p.Item, [new OrderLineSummary(1, p.Item, p.Qty, dueDate)]));
            }
        }

        // Bought parts a supplier could no longer deliver in time are in stock (the plant ordered them long ago).
        run = Run();
        foreach (var p in run.Mrp.PlannedOrders.Where(p => p.Source == Collab.Planning.Mrp.MakeOrBuy.Buy && p.NeededReleasePeriod < 1))
        {
            onHand[p.Item] = onHand.GetValueOrDefault(p.Item) + p.Qty;
        }

        data = data with { Stock = [.. onHand.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new StockData(kv.Key, kv.Value))] };
        run = Run();

        // Purchase orders: bought planned orders due within three weeks, one order per supplier and week.
        var purchase = new List<GeneratedPurchaseOrder>();
        var byCode = items.ToDictionary(i => i.Code, StringComparer.Ordinal);
        foreach (var g in run.Mrp.PlannedOrders.Where(p => p.Source == Collab.Planning.Mrp.MakeOrBuy.Buy && p.NeededReleasePeriod <= 3)
                     .GroupBy(p => (Supplier: p.Supplier ?? "?", p.ReceiptPeriod)).OrderBy(g => g.Key.ReceiptPeriod).ThenBy(g => g.Key.Supplier, StringComparer.Ordinal)
                     .Take(o.PurchaseOrders))
        {
            var requested = Max(run.DateOf(g.Key.ReceiptPeriod), today);
            var lines = g.OrderBy(p => p.Item, StringComparer.Ordinal).Select(p => new PurchaseOrderLineDraft(p.Item, p.Qty, requested)).ToList();
            purchase.Add(new GeneratedPurchaseOrder(new PurchaseOrderDraft(g.Key.Supplier, lines, byCode[lines[0].Item].Buyer), purchase.Count % 3 == 1));
        }

        // Capacities from the load the plan puts on each workstation (CRP of the open and planned orders): the busiest of
        // the next four weeks at about 90 %, the average of eight near 70 %; two workstations over 100 % on purpose.
        var loads = run.Capacity.Loads.Where(l => l.Bucket is >= 1 and <= 8).ToLookup(l => l.Workstation, StringComparer.Ordinal);
        var workstations = stationCodes.Select((code, n) =>
        {
            var weeks = loads[code].ToList();
            var peak = weeks.Where(l => l.Bucket <= 4).Select(l => l.Load).DefaultIfEmpty(0).Max();
            var mean = weeks.Select(l => l.Load).DefaultIfEmpty(0).Sum() / 8;
            const double efficiency = 0.9;
            var needed = (n < OverloadedWorkstations ? peak / 1.15 : Math.Max(peak / 0.9, mean / 0.7)) / efficiency;
            var machines = Math.Max(1, (int)Math.Ceiling(needed / 110));
            var day = Math.Clamp(Math.Round(needed / machines / 5 * 2, MidpointRounding.AwayFromZero) / 2, 4, 22);
            return new WorkstationData(code, $"Poste {code}", [day, day, day, day, day, 0, 0], machines, efficiency, []);
        }).ToList();

        data = data with { Workstations = workstations };
        return new GeneratedPlant(data, customerOrders, manufacturing, purchase);
    }

    /// <summary>The registry's summary of an open order just created (no shipment, OTD or history yet): what a plan
    /// computed without grains reads (the demo seeding, tests, benchmarks).</summary>
    public static OrderSummary OpenOrderSummary(ObjectKind kind, string number, string party, IReadOnlyList<OrderLineSummary> lines, bool firm = true, double probability = 1) =>
        new(new ObjectRef(kind, number), party, "Open", false, lines, lines.Min(l => l.Date), null, null, firm, probability, 0, 0, new OtdFigures(0, 0), 1, null, null);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly WeekStart(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
}
