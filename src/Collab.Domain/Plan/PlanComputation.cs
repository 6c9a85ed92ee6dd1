using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Planning.Capacity;
using Collab.Planning.MasterData;
using Collab.Planning.Mrp;
using Collab.Planning.Sop;
using Collab.Planning.Stock;

namespace Collab.Domain.Plan;

/// <summary>What a plan run is computed from: site master data and settings, open orders, the day (pure inputs; the plan grain stores them as its snapshot).</summary>
public sealed class PlanInputs
{
    public string RunId { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public string User { get; init; } = "";
    public DateOnly Today { get; init; }
    public MasterDataSet Data { get; init; } = MasterDataSet.Empty;
    public SiteSettings Settings { get; init; } = SiteSettings.Default;
    public IReadOnlyList<OrderSummary> Orders { get; init; } = [];
}

/// <summary>The parts of a <see cref="PlanComputation"/>, reported as each ends to whoever times them (the core has no clock).</summary>
public enum PlanPhase
{
    Input = 0,
    Mrp = 1,
    Capacity = 2,
    Stock = 3,
    Exceptions = 4,
}

/// <summary>
/// The results of one run, computed by Collab.Planning from <see cref="PlanInputs"/> (pure, deterministic):
/// site data → MRP (with pegging and exceptions), CRP on planned + open MOs, stock analytics, S&amp;OP per family.
/// This class only maps between grain contracts and the planning core.
/// </summary>
public sealed class PlanComputation
{
    public PlanComputation(PlanInputs snapshot) : this(snapshot, null, false, null)
    {
    }

    /// <summary>
    /// A run that keeps its MRP as a <see cref="MrpSession"/> when <paramref name="keepSession"/> (the plan grain's
    /// runs), and carries on <paramref name="previous"/>'s session when the new MRP input differs from the previous one
    /// only in demands, scheduled receipts or item parameters (an order or stock edit): only the items those changes
    /// reach are replanned (net change), and the result is the one a full run of the same input gives (MrpSession's
    /// guarantee). Anything else (items added or removed, BOM, horizon, option changes) starts a new session (full
    /// run). <paramref name="previous"/> gives its session away: it cannot be carried on twice. <paramref name="phaseDone"/>
    /// is told as each <see cref="PlanPhase"/> ends (the plan grain and the benchmarks time the parts with it).
    /// </summary>
    public PlanComputation(PlanInputs snapshot, PlanComputation? previous, bool keepSession, Action<PlanPhase>? phaseDone = null)
    {
        Snapshot = snapshot;
        var settings = snapshot.Settings;
        Items = snapshot.Data.Items.ToDictionary(i => i.Code);
        Buckets = Collab.Planning.MasterData.Buckets.Build(snapshot.Today, BucketSize.Week, settings.HorizonWeeks);
        var workstations = snapshot.Data.Workstations.Select(w => new Workstation
        {
            Code = w.Code,
            Description = w.Description,
            Shifts = new ShiftPattern { HoursByDay = [.. w.HoursByDay] },
            Closures = [.. w.Closures],
            Machines = w.Machines,
            Efficiency = w.Efficiency,
        }).ToList();
        var routings = snapshot.Data.Routings.Select(r => new RoutingOperation(r.Item, r.Sequence, r.Workstation, r.SetupHours, r.RunHoursPerUnit) { Description = r.Description }).ToList();
        var open = snapshot.Orders.Where(o => !o.Closed).ToList();
        var plant = new PlantData
        {
            Items = [.. snapshot.Data.Items.Select(ToItem)],
            Bom = [.. snapshot.Data.Bom.Select(b => new BomLine(b.Parent, b.Component, b.QtyPer, b.ScrapRate))],
            Routings = routings,
            Workstations = workstations,
            Stock = [.. snapshot.Data.Stock.Select(s => new StockRecord(s.Item, s.OnHand, s.Allocated))],
            ScheduledReceipts = [.. open.Where(o => o.Ref.Kind is ObjectKind.ManufacturingOrder or ObjectKind.PurchaseOrder)
                .SelectMany(o => o.Lines.Where(l => l.OpenQty > 0 && Items.ContainsKey(l.Item)).Select(l => new ScheduledReceipt(ReceiptId(o, l), l.Item, l.OpenQty, l.Date,
                    o.Ref.Kind == ObjectKind.PurchaseOrder ? OrderKind.Purchase : OrderKind.Manufacturing)))],
            CustomerOrders = [.. open.Where(o => o.Ref.Kind == ObjectKind.CustomerOrder)
                .SelectMany(o => o.Lines.Where(l => l.OpenQty > 0 && Items.ContainsKey(l.Item)).Select(l => new CustomerOrder($"{o.Number}/{l.Line}", l.Item, l.OpenQty, l.Date)
                    { Customer = o.Party, Firm = o.Firm, Probability = o.Probability }))],
            Forecasts = [.. snapshot.Data.Forecasts.Where(f => !f.IsFamily && Items.ContainsKey(f.Code)).Select(f => new Forecast(f.Code, f.PeriodStart, f.Qty))],
        };
        var options = new MrpBuildOptions
        {
            OptionalOrders = settings.OptionalOrders switch
            {
                OptionalOrderMode.Full => OptionalOrderPolicy.Full,
                OptionalOrderMode.Ignored => OptionalOrderPolicy.Ignore,
                _ => OptionalOrderPolicy.Weighted,
            },
            ConsumeBackward = settings.ConsumeBackwardWeeks,
            ConsumeForward = settings.ConsumeForwardWeeks,
        };
        Input = MrpInputBuilder.Build(plant, Buckets, options);
        phaseDone?.Invoke(PlanPhase.Input);
        if (keepSession)
        {
            var session = previous?.TakeSession();
            var replanned = session is null ? -1 : NetChange.Apply(session, Input);
            if (replanned < 0)
            {
                session = MrpSession.Start(Input);
                replanned = Input.Items.Count;
            }

            Mrp = session!.CheckedResult();
            _session = session;
            ReplannedItems = replanned;
        }
        else
        {
            Mrp = MrpEngine.Run(Input);
            ReplannedItems = Input.Items.Count;
        }
        phaseDone?.Invoke(PlanPhase.Mrp);

        var capacityOrders = CapacityEngine.FromPlannedOrders(Mrp, Buckets).ToList();
        capacityOrders.AddRange(open.Where(o => o.Ref.Kind == ObjectKind.ManufacturingOrder && o.Lines.Count > 0 && o.Lines[0].OpenQty > 0)
            .Select(o => new CapacityOrder(o.Number, o.Item, o.Lines[0].OpenQty, o.DueDate, OrderStatus.Released)));
        Capacity = CapacityEngine.Run(new CapacityInput { Workstations = workstations, Routings = routings, Orders = capacityOrders, Buckets = Buckets });
        _workstations = workstations;
        _capacityOrders = capacityOrders;
        phaseDone?.Invoke(PlanPhase.Capacity);
        Stock = StockAnalytics.Analyse(Mrp, snapshot.Data.Items.ToDictionary(i => i.Code, i => i.UnitCost));
        phaseDone?.Invoke(PlanPhase.Stock);
        Exceptions = [.. Mrp.Exceptions.Select(ToView)];
        phaseDone?.Invoke(PlanPhase.Exceptions);
    }

    private MrpSession? _session;

    private MrpSession? TakeSession()
    {
        var session = _session;
        _session = null;
        return session;
    }

    /// <summary>Item records the MRP computed for this run: every item on a full run, those a net change reached otherwise.</summary>
    public int ReplannedItems { get; }

    private readonly IReadOnlyList<Workstation> _workstations;
    private readonly IReadOnlyList<CapacityOrder> _capacityOrders;

    public PlanInputs Snapshot { get; }

    public IReadOnlyDictionary<string, ItemData> Items { get; }

    public IReadOnlyList<Bucket> Buckets { get; }

    public MrpInput Input { get; }

    public MrpResult Mrp { get; }

    public CapacityResult Capacity { get; }

    public IReadOnlyList<ItemStockAnalysis> Stock { get; }

    public IReadOnlyList<PlanExceptionView> Exceptions { get; }

    public static string ReceiptId(OrderSummary o, OrderLineSummary l) => o.Ref.Kind == ObjectKind.PurchaseOrder ? $"{o.Number}/{l.Line}" : o.Number;

    /// <summary>Order number behind a demand or receipt id ("CC-2026-00001/2" → "CC-2026-00001").</summary>
    public static string OrderOf(string id)
    {
        var slash = id.LastIndexOf('/');
        return slash < 0 ? id : id[..slash];
    }

    public DateOnly DateOf(int period) => period < 1 ? Buckets[0].Start.AddDays(-7) : period > Buckets.Count ? Buckets[^1].End : Buckets[period - 1].Start;

    public IReadOnlyList<PlanBucketView> BucketViews => [.. Buckets.Select(b => new PlanBucketView(b.Number, b.Start, b.End))];

    public string PlannedOrderId(PlannedOrder o) => $"{o.Item}@{o.ReceiptPeriod}#{o.Index + 1}";

    /// <summary>The number users see for a planned order of this run ("PL-12", as on the load page); <see cref="PlannedOrderId"/> stays the key.</summary>
    public static string PlannedOrderNumber(PlannedOrder o) => $"PL-{o.Index + 1}";

    public IReadOnlyList<string> DemandsOfPlannedOrder(PlannedOrder o) =>
        [.. Mrp.Pegging.CustomerDemandsOfPlannedOrder(o.Index).Where(d => d.DemandId is not null).Select(d => d.DemandId!).Distinct()];

    public IReadOnlyList<string> CustomerOrdersOfReceipt(int receiptIndex) =>
        [.. Mrp.Pegging.CustomerDemandsOfScheduledReceipt(receiptIndex).Where(d => d.DemandId is not null && !d.DemandId.StartsWith("FC-", StringComparison.Ordinal))
            .Select(d => OrderOf(d.DemandId!)).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>
    /// Customer orders that depend on a scheduled receipt: those pegged to it, plus, when MRP asks to bring
    /// it in, those served by the stop-gap planned orders of the same item due before the receipt arrives.
    /// </summary>
    public IReadOnlyList<string> CustomerOrdersDependingOn(int receiptIndex)
    {
        var orders = CustomerOrdersOfReceipt(receiptIndex).ToList();
        var rescheduleIn = LazyInitializer.EnsureInitialized(ref _rescheduleIn, () => Mrp.Exceptions.Where(e => e.Type == MrpExceptionType.RescheduleIn && e.ReceiptIndex is not null).ToLookup(e => e.ReceiptIndex!.Value));
        foreach (var e in rescheduleIn[receiptIndex])
        {
            var item = Mrp.IndexOf(e.Item);
            foreach (var po in Mrp.PlannedOrdersOf(item).Where(o => o.ReceiptPeriod < (e.FromPeriod ?? int.MaxValue)))
            {
                orders.AddRange(DemandsOfPlannedOrder(po).Where(d => !d.StartsWith("FC-", StringComparison.Ordinal)).Select(OrderOf));
            }
        }

        return [.. orders.Distinct().Order(StringComparer.Ordinal)];
    }

    // Built on first use, thread-safe: the plan grain computes a run's consequences off its turn while pages read the run.
    private ILookup<int, MrpException>? _rescheduleIn;
    private ILookup<string, Collab.Planning.Capacity.OperationPlacement>? _queues;
    private Dictionary<string, DateOnly>? _promised;
    private Dictionary<string, DateOnly>? _lineAvailability;

    /// <summary>
    /// When the plan can make a customer demand ("CC-…/line") available: its promised date + the estimated delay of its
    /// MRP late-demand message (null when the plan serves it on time). <see cref="Collab.Planning.Lateness.Late.CustomerOrder"/> uses it.
    /// </summary>
    public DateOnly? ExpectedAvailability(MrpException e)
    {
        if (e.Type != MrpExceptionType.LateDemand || e.Order is null)
        {
            return null;
        }

        var promisedOf = LazyInitializer.EnsureInitialized(ref _promised, () => Snapshot.Orders.Where(o => o.Ref.Kind == ObjectKind.CustomerOrder)
            .SelectMany(o => o.Lines.Select(l => (Id: $"{o.Number}/{l.Line}", l.Date))).ToDictionary(x => x.Id, x => x.Date));
        var promised = promisedOf.TryGetValue(e.Order, out var p) ? p : DateOf(e.FromPeriod ?? 1);
        return promised.AddDays(7 * Math.Max(1, e.DelayPeriods ?? 1));
    }

    /// <summary>Expected availability of one customer-order line (null when the plan serves it on time).</summary>
    public DateOnly? ExpectedAvailability(OrderSummary co, OrderLineSummary line)
    {
        var availability = LazyInitializer.EnsureInitialized(ref _lineAvailability, () => Mrp.Exceptions.Where(e => e.Type == MrpExceptionType.LateDemand && e.Order is not null)
            .GroupBy(e => e.Order!).ToDictionary(g => g.Key, g => g.Max(ExpectedAvailability)!.Value));
        return availability.TryGetValue($"{co.Number}/{line.Line}", out var d) ? d : null;
    }

    /// <summary>Expected availability of a customer order: the latest of its late lines (null when every line is on time).</summary>
    public DateOnly? ExpectedAvailability(OrderSummary co) => co.Lines.Select(l => ExpectedAvailability(co, l)).Max();

    /// <summary>Open customer-order lines the plan covers (items of the master data), with their order.</summary>
    public IEnumerable<(OrderSummary Order, OrderLineSummary Line)> OpenCustomerLines() =>
        Snapshot.Orders.Where(o => !o.Closed && o.Ref.Kind == ObjectKind.CustomerOrder)
            .SelectMany(o => o.Lines.Where(l => l.OpenQty > 0 && Items.ContainsKey(l.Item)).Select(l => (o, l)));

    /// <summary>Open customer orders late by <see cref="Collab.Planning.Lateness.Late.CustomerOrder"/> in this run (on <see cref="PlanSnapshot.Today"/>).</summary>
    public IReadOnlyList<string> LateCustomerOrders() =>
        [.. OpenCustomerLines().Where(x => Collab.Planning.Lateness.Late.CustomerOrder(x.Line.Date, ExpectedAvailability(x.Order, x.Line), Snapshot.Today))
            .Select(x => x.Order.Number).Distinct().Order(StringComparer.Ordinal)];

    private PlanExceptionView ToView(MrpException e)
    {
        var item = Items.GetValueOrDefault(e.Item);
        var (from, to) = (e.FromPeriod is { } f ? DateOf(f) : (DateOnly?)null, e.ToPeriod is { } t ? DateOf(t) : (DateOnly?)null);
        var order = e.Order is null ? null : OrderOf(e.Order);
        if (e.Type == MrpExceptionType.PastDueRelease)
        {
            from = DateOf(e.NeededReleasePeriod ?? 0);
            to = DateOf(e.ReceiptPeriod ?? 1);
        }
        else if (e.Type == MrpExceptionType.LateDemand)
        {
            to = ExpectedAvailability(e);
        }

        return new PlanExceptionView(e.Type, e.Item, order, from, to, e.Qty, item?.Family ?? "", item?.Buyer,
            e.Type == MrpExceptionType.LateDemand ? e.DelayPeriods ?? 0 : null, e.Type == MrpExceptionType.LateDemand ? [.. e.Causes] : null);
    }

    /// <summary>One workstation's row of <see cref="LoadRows"/> (null: not a workstation of the run).</summary>
    public WorkstationLoadRow? LoadRow(string workstation) =>
        Snapshot.Data.Workstations.FirstOrDefault(w => w.Code == workstation) is { } w
            ? new WorkstationLoadRow(w.Code, w.Description, [.. Capacity.Loads.Where(l => l.Workstation == w.Code).OrderBy(l => l.Bucket).Select(l => WeekOf(l, withOrders: true))])
            : null;

    private static WeekLoad WeekOf(BucketLoad l, bool withOrders) => new(l.Start, Math.Round(l.Available, 2), Math.Round(l.Load, 2),
        withOrders ? [.. l.Orders.Select(o => new OrderHours(o.Order, o.Item, o.Status == OrderStatus.Planned, Math.Round(o.Hours, 2)))] : []);

    /// <summary>Every workstation's weeks; <paramref name="withOrders"/> false: the weekly figures only (what the workstation grains keep).</summary>
    public IReadOnlyList<WorkstationLoadRow> LoadRows(bool withOrders = true)
    {
        var byStation = Capacity.Loads.GroupBy(l => l.Workstation).ToDictionary(g => g.Key, g => g.OrderBy(l => l.Bucket).ToList());
        return [.. Snapshot.Data.Workstations.Select(w => new WorkstationLoadRow(w.Code, w.Description,
            [.. byStation.GetValueOrDefault(w.Code, []).Select(l => WeekOf(l, withOrders))]))];
    }

    public IReadOnlyList<QueueEntry> Queue(string workstation) =>
        [.. LazyInitializer.EnsureInitialized(ref _queues, () => Capacity.Placements.ToLookup(p => p.Workstation))[workstation].OrderBy(p => p.Start).ThenBy(p => p.Order, StringComparer.Ordinal)
            .Select(p => new QueueEntry(p.Order, p.Item, p.Sequence, p.Start, p.End, Math.Round(p.Hours, 2), p.Order.StartsWith("PL-", StringComparison.Ordinal)))];

    /// <summary>The stock page's rows, built once per run (a run never changes; on hand summed per item in one pass).</summary>
    public IReadOnlyList<StockRow> StockRows() => LazyInitializer.EnsureInitialized(ref _stockRows, BuildStockRows);

    private IReadOnlyList<StockRow>? _stockRows;

    private IReadOnlyList<StockRow> BuildStockRows()
    {
        var onHandOf = Snapshot.Data.Stock.GroupBy(x => x.Item, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(x => x.OnHand), StringComparer.Ordinal);
        return [.. Stock.Select(s =>
        {
            var item = Items.GetValueOrDefault(s.Item);
            var onHand = onHandOf.GetValueOrDefault(s.Item);
            return new StockRow(s.Item, item?.Description ?? "", item?.Family ?? "", onHand, item?.SafetyStock ?? 0,
                double.IsFinite(s.CoverageDays) ? Math.Round(s.CoverageDays, 1) : 9999, Math.Round(s.AnnualConsumptionValue, 2), s.Class.ToString(),
                Math.Round(s.ReorderPoint, 2), [.. s.ProjectedStock]);
        })];
    }

    /// <summary>S&amp;OP per family by month: firm / optional customer orders and forecasts (item forecasts summed into their family, plus family forecasts).</summary>
    public SopView? Sop(IReadOnlyDictionary<string, string> chosen)
    {
        var months = Snapshot.Settings.SopMonths;
        var first = new DateOnly(Snapshot.Today.Year, Snapshot.Today.Month, 1);
        int MonthOf(DateOnly d) => (d.Year - first.Year) * 12 + d.Month - first.Month + 1;
        var families = Snapshot.Data.Items.Where(i => i.Family.Length > 0).Select(i => i.Family).Distinct().Order(StringComparer.Ordinal).ToList();
        if (families.Count == 0)
        {
            return null;
        }

        var hoursPerUnit = FamilyHoursPerUnit();
        var sopFamilies = new List<SopFamily>();
        foreach (var fam in families)
        {
            var firm = new double[months];
            var forecast = new double[months];
            var optional = new List<SopOptionalOrder>();
            foreach (var o in Snapshot.Orders.Where(o => !o.Closed && o.Ref.Kind == ObjectKind.CustomerOrder))
            {
                foreach (var l in o.Lines.Where(l => Items.GetValueOrDefault(l.Item)?.Family == fam))
                {
                    var m = Math.Clamp(MonthOf(l.Date), 1, months);
                    if (o.Firm)
                    {
                        firm[m - 1] += l.OpenQty;
                    }
                    else
                    {
                        optional.Add(new SopOptionalOrder(m, l.OpenQty, o.Probability));
                    }
                }
            }

            foreach (var f in Snapshot.Data.Forecasts.Where(f => f.IsFamily ? f.Code == fam : Items.GetValueOrDefault(f.Code)?.Family == fam))
            {
                var m = MonthOf(f.PeriodStart);
                if (m >= 1 && m <= months)
                {
                    forecast[m - 1] += f.Qty;
                }
            }

            var onHand = Snapshot.Data.Stock.Where(s => Items.GetValueOrDefault(s.Item) is { Family: var ff, Source: ItemSource.Make } && ff == fam).Sum(s => s.OnHand);
            sopFamilies.Add(new SopFamily { Code = fam, OpeningInventory = onHand, TargetDaysOfCover = 10, Firm = firm, Forecast = forecast, Optional = optional,
                HoursPerUnit = hoursPerUnit.GetValueOrDefault(fam, new Dictionary<string, double>()) });
        }

        var sopWorkstations = _workstations.Select(w => new SopWorkstation(w.Code,
            [.. Enumerable.Range(0, months).Select(m => w.AvailableHours(first.AddMonths(m), first.AddMonths(m + 1)))])).ToList();
        var result = SopEngine.Run(new SopInput { Months = months, Families = sopFamilies, Workstations = sopWorkstations, ConsumeBackward = 1, ConsumeForward = 1 });
        return new SopView(
            [.. Enumerable.Range(0, months).Select(m => first.AddMonths(m))],
            [.. result.Families.Select(f => new SopFamilyView(f.Code, chosen.GetValueOrDefault(f.Code, nameof(SopStrategy.Level)), f.Demand.Firm, f.Demand.OptionalWeighted,
                f.Demand.Forecast, f.Demand.Total, [.. f.Plans.Select(p => new SopPlanView(p.Strategy.ToString(), p.Production, p.Inventory, p.TargetInventory))]))],
            [.. result.Comparison.Select(c => new SopStrategyRow(c.Strategy.ToString(), c.TotalProduction, c.AverageInventory, c.Backlog, c.ProductionChanges, c.MaxUtilisation, c.OverloadedWorkstationMonths))]);
    }

    /// <summary>
    /// Bill of resources per family, measured on this run: the CRP hours of the family's orders (every BOM level,
    /// setups at the lot sizes actually planned) on each workstation, divided by the finished quantity of the family's
    /// end items (items no BOM uses) in the same orders. So the PIC load follows the routings, lot sizes and plan.
    /// </summary>
    public IReadOnlyDictionary<string, Dictionary<string, double>> FamilyHoursPerUnit()
    {
        var components = Snapshot.Data.Bom.Select(b => b.Component).ToHashSet(StringComparer.Ordinal);
        var endQty = _capacityOrders.Where(o => !components.Contains(o.Item) && Items.GetValueOrDefault(o.Item)?.Family is { Length: > 0 })
            .GroupBy(o => Items[o.Item].Family).ToDictionary(g => g.Key, g => g.Sum(o => o.Qty));
        var result = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var load in Capacity.Loads)
        {
            foreach (var o in load.Orders)
            {
                if (Items.GetValueOrDefault(o.Item)?.Family is { Length: > 0 } fam && endQty.GetValueOrDefault(fam) > 0)
                {
                    var perWs = result.TryGetValue(fam, out var d) ? d : result[fam] = new Dictionary<string, double>(StringComparer.Ordinal);
                    perWs[load.Workstation] = perWs.GetValueOrDefault(load.Workstation) + o.Hours / endQty[fam];
                }
            }
        }

        return result;
    }

    private static Item ToItem(ItemData i) => new()
    {
        Code = i.Code,
        Description = i.Description,
        Family = i.Family,
        Source = i.Source == ItemSource.Buy ? MakeOrBuy.Buy : MakeOrBuy.Make,
        Unit = i.Unit,
        UnitCost = i.UnitCost,
        LeadTimeDays = i.LeadTimeDays,
        SafetyStock = i.SafetyStock,
        LotSizing = i.LotRule switch
        {
            LotRule.FixedQuantity when i.LotQuantity > 0 => LotSizing.Foq(i.LotQuantity),
            LotRule.FixedPeriods when i.LotPeriods > 0 => LotSizing.Poq(i.LotPeriods),
            _ => LotSizing.LotForLot,
        },
        MinQty = i.MinQty,
        Multiple = i.Multiple,
        PreferredSupplier = i.PreferredSupplier,
    };
}
