using System.Globalization;
using Collab.Contracts.Common;
using Collab.Contracts.Meetings;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Projects;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Planning.Mrp;

namespace Collab.Domain.Meetings;

/// <summary>How the plan compares with the run the previous meeting saw.</summary>
public enum PlanChangeState
{
    /// <summary>No previous meeting, or no plan now: the item is left out.</summary>
    NotApplicable,
    NotCalculatedBefore,
    NotRecalculated,
    Compared,
    RunNotKept,
}

/// <summary>
/// Everything an agenda is built from, gathered by the meeting grain from the live plan (order registry, plan
/// exceptions, workstation loads and incidents, action index, plan comparison, S&amp;OP). Immutable; no I/O.
/// </summary>
public sealed record AgendaSnapshot
{
    public MeetingType Type { get; init; } = MeetingType.DailyProduction;

    public DateOnly Today { get; init; }

    /// <summary>The previous occurrence of the series (its open actions come first).</summary>
    public string? PreviousMeetingId { get; init; }

    /// <summary>Open actions of the site (action index).</summary>
    public IReadOnlyList<ActionItem> OpenActions { get; init; } = [];

    /// <summary>Every order of the site (open and closed: closed ones feed the OTD).</summary>
    public IReadOnlyList<OrderSummary> Orders { get; init; } = [];

    public IReadOnlyList<WorkstationView> Workstations { get; init; } = [];

    /// <summary>Bills of materials (what an MO consumes: its material causes).</summary>
    public IReadOnlyList<BomLineData> Bom { get; init; } = [];

    /// <summary>Customer and supplier names by code (shown beside the codes).</summary>
    public IReadOnlyDictionary<string, string> PartyNames { get; init; } = new Dictionary<string, string>();

    /// <summary>Item descriptions by code.</summary>
    public IReadOnlyDictionary<string, string> ItemNames { get; init; } = new Dictionary<string, string>();

    /// <summary>The last plan run (null: never calculated).</summary>
    public string? PlanRunId { get; init; }

    public IReadOnlyList<PlanExceptionView> Exceptions { get; init; } = [];

    public PlanChangeState Changes { get; init; } = PlanChangeState.NotApplicable;

    /// <summary>Typed changes of the plan comparison when <see cref="Changes"/> is Compared (worded by the Web).</summary>
    public IReadOnlyList<Collab.Contracts.Plan.PlanChange> PlanChanges { get; init; } = [];

    /// <summary>The S&amp;OP of the last run (weekly PIC meeting).</summary>
    public SopView? Sop { get; init; }
}

/// <summary>
/// Builds a meeting's agenda from a snapshot of the live plan — pure, typed (kinds, object references, figures,
/// causes; no sentence: the Web, the minutes PDF and the mails word it in French or English).
/// <para>Daily production meeting: open actions of the previous meeting first, then SQCDP —
/// S stopping incidents; Q other open incidents; D late and at-risk customer orders, overloaded workstations
/// (next <see cref="OverloadHorizonWeeks"/> weeks, with the load chart of the worst), shortages and POs to expedite,
/// MOs blocked by something (material, capacity, quality); P overdue actions; then the KPIs and what changed since
/// the previous meeting.</para>
/// <para>Weekly S&amp;OP (PIC) meeting: open actions of the previous meeting, per family demand vs plan vs capacity,
/// the strategy options compared, the decisions to take; then the KPIs and what changed.</para>
/// Lists are capped at <see cref="MaxLines"/> lines, most urgent first (<see cref="AgendaItem.MoreLines"/> counts
/// the rest). Items with nothing to say are left out: an empty plant gives an empty agenda.
/// </summary>
public static class AgendaBuilder
{
    public const int OverloadHorizonWeeks = 2;

    /// <summary>What a team can treat in one item of a short meeting.</summary>
    public const int MaxLines = 8;

    /// <summary>Weeks of the load chart.</summary>
    public const int ChartWeeks = 6;

    /// <summary>An MO is looked at when it should start within this many days (or already should have).</summary>
    public const int BlockedHorizonDays = 14;

    /// <summary>S&amp;OP months summed for the family lines (the coming quarter).</summary>
    public const int SopMonths = 3;

    public static GeneratedAgenda Build(AgendaSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var items = new List<AgendaItem>();
        var today = s.Today;

        var previous = PreviousActions(s.OpenActions, s.PreviousMeetingId);
        if (previous.Count > 0)
        {
            items.Add(Item(SqcdpCategory.People, AgendaSource.PreviousActions, [.. previous.Select(a => ActionLine(a, today))]));
        }

        if (s.Type == MeetingType.WeeklySop)
        {
            items.AddRange(Sop(s));
        }
        else
        {
            items.AddRange(Sqcdp(s, previous));
        }

        var kpis = Kpis(s.Orders, s.Workstations, today);
        if (s.Orders.Count > 0 || s.Workstations.Count > 0)
        {
            items.Add(Item(SqcdpCategory.Delivery, AgendaSource.Kpis, [.. kpis.Select(KpiLine)]));
        }

        if (s.PreviousMeetingId is not null && s.PlanRunId is not null && s.Changes != PlanChangeState.NotApplicable)
        {
            items.Add(Item(SqcdpCategory.Delivery, AgendaSource.PlanChanges, ChangeLines(s)));
        }

        return new GeneratedAgenda([.. items.Select(i => i with { Lines = [.. i.Lines.Select(l => Named(l, s))] })], kpis, s.PlanRunId);
    }

    /// <summary>
    /// The customer's or supplier's name and the item's description beside their codes, so the wall screen reads
    /// "CC-… – Client Lyon 06, PF-VAN-06 Vanne DN50" (an action's or an incident's party is a person, not a partner).
    /// </summary>
    public static AgendaLine Named(AgendaLine line, AgendaSnapshot s)
    {
        var party = line.Kind is AgendaLineKind.Action or AgendaLineKind.Incident || line.Party is null ? null : s.PartyNames.GetValueOrDefault(line.Party);
        var item = line.Item is null ? null : s.ItemNames.GetValueOrDefault(line.Item);
        return party is null && item is null ? line : line with { PartyName = party, ItemName = item };
    }

    private static IEnumerable<AgendaItem> Sqcdp(AgendaSnapshot s, IReadOnlyList<ActionItem> previous)
    {
        var today = s.Today;
        var open = s.Orders.Where(o => !o.Closed).ToList();

        // S / Q: open incidents at the workstations.
        var incidents = s.Workstations.SelectMany(w => w.Incidents.Where(i => i.ClosedAt is null).Select(i => (w, i))).OrderBy(x => x.i.At).ToList();
        var stops = incidents.Where(x => x.i.Severity == IncidentSeverity.Stop).ToList();
        if (stops.Count > 0)
        {
            yield return Capped(SqcdpCategory.Safety, AgendaSource.StopIncidents, stops.Select(x => IncidentLine(x.w, x.i, true)));
        }

        var others = incidents.Where(x => x.i.Severity != IncidentSeverity.Stop)
            .OrderByDescending(x => x.i.Severity).ThenBy(x => x.i.At).ToList();
        if (others.Count > 0)
        {
            yield return Capped(SqcdpCategory.Quality, AgendaSource.OpenIncidents, others.Select(x => IncidentLine(x.w, x.i, x.i.Severity == IncidentSeverity.Major)));
        }

        // D: late customer orders (most days late first), then those at risk (earliest due first).
        var customer = open.Where(o => o.Ref.Kind == ObjectKind.CustomerOrder).ToList();
        var late = customer.Where(o => o.IsLate(today)).OrderBy(o => o.DueDate).ThenByDescending(o => o.Qty).ToList();
        var atRisk = customer.Where(o => !o.IsLate(today) && o.ExceptionCount > 0).OrderBy(o => o.DueDate).ToList();
        if (late.Count + atRisk.Count > 0)
        {
            yield return Capped(SqcdpCategory.Delivery, AgendaSource.LateCustomerOrders,
                [.. late.Select(o => OrderLine(AgendaLineKind.LateCustomerOrder, o, true, Math.Max(0, today.DayNumber - Math.Min(o.DueDate.DayNumber, (o.NeededDate ?? o.DueDate).DayNumber)))),
                 .. atRisk.Select(o => OrderLine(AgendaLineKind.AtRiskCustomerOrder, o, false, o.ExceptionCount))]);
        }

        // D: overloaded workstations in the next weeks (chart: the most loaded one).
        var overloaded = s.Workstations
            .Select(w => (w, peak: w.Weeks.Take(OverloadHorizonWeeks).Select(Percent).DefaultIfEmpty(0).Max()))
            .Where(x => x.w.Weeks.Take(OverloadHorizonWeeks).Any(k => k.Overloaded))
            .OrderByDescending(x => x.peak).ThenBy(x => x.w.Code, StringComparer.Ordinal).ToList();
        if (overloaded.Count > 0)
        {
            var worst = overloaded[0].w;
            var weeks = worst.Weeks.Take(ChartWeeks).ToList();
            var chart = new AgendaChart($"{worst.Code} – {worst.Data.Description}",
                [.. weeks.Select(k => k.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))],
                [.. weeks.Select(Percent)], 100, "%", [.. weeks.Select(k => k.WeekStart)]);
            yield return Capped(SqcdpCategory.Delivery, AgendaSource.OverloadedWorkstations,
                overloaded.Select(x => new AgendaLine(AgendaLineKind.OverloadedWorkstation, Ref(ObjectKind.Workstation, x.w.Code), true,
                    Name: x.w.Code, Detail: x.w.Data.Description, Day: x.w.Weeks.FirstOrDefault()?.WeekStart,
                    Figures: [.. x.w.Weeks.Take(OverloadHorizonWeeks).Select(Percent)])), chart);
        }

        // D: shortages and POs to expedite.
        var purchase = open.Where(o => o.Ref.Kind == ObjectKind.PurchaseOrder).ToDictionary(o => o.Number, StringComparer.Ordinal);
        var shortages = Shortages(s, purchase).ToList();
        if (shortages.Count > 0)
        {
            yield return Capped(SqcdpCategory.Delivery, AgendaSource.Shortages, shortages);
        }

        // D: MOs blocked by something, with the cause.
        var blocked = BlockedOrders(s, open, purchase.Values).ToList();
        if (blocked.Count > 0)
        {
            yield return Capped(SqcdpCategory.Delivery, AgendaSource.BlockedManufacturingOrders, blocked);
        }

        // P: overdue actions (those of the previous meeting are already listed first), most overdue first.
        var listed = previous.Select(a => a.Id).ToHashSet();
        var overdue = s.OpenActions.Where(a => a.IsOverdue(today) && !listed.Contains(a.Id)).OrderBy(a => a.Due).ThenByDescending(a => a.Priority).ToList();
        if (overdue.Count > 0)
        {
            yield return Capped(SqcdpCategory.People, AgendaSource.OverdueActions, overdue.Select(a => ActionLine(a, today)));
        }
    }

    private static IEnumerable<AgendaLine> Shortages(AgendaSnapshot s, Dictionary<string, OrderSummary> purchase)
    {
        var today = s.Today;
        var lines = new List<AgendaLine>();
        foreach (var e in s.Exceptions.Where(e => e.Type is MrpExceptionType.LateDemand or MrpExceptionType.PastDueRelease).OrderBy(e => e.From ?? DateOnly.MaxValue))
        {
            var onPo = e.Order is not null && purchase.ContainsKey(e.Order);
            var co = e.Order is not null && s.Orders.Any(o => o.Ref.Kind == ObjectKind.CustomerOrder && o.Number == e.Order);
            lines.Add(new AgendaLine(e.Type == MrpExceptionType.LateDemand ? AgendaLineKind.LateDemand : AgendaLineKind.PastDueRelease,
                onPo ? Ref(ObjectKind.PurchaseOrder, e.Order!) : co ? Ref(ObjectKind.CustomerOrder, e.Order!) : null, true,
                Name: e.Order, Item: e.Item, Day: e.From, Quantity: e.Qty > 0 ? e.Qty : null));
        }

        var expedite = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in s.Exceptions.Where(e => e.Type == MrpExceptionType.RescheduleIn && e.Order is not null && purchase.ContainsKey(e.Order)).OrderBy(e => e.To ?? DateOnly.MaxValue))
        {
            if (!expedite.Add(e.Order!))
            {
                continue;
            }

            var po = purchase[e.Order!];
            lines.Add(new AgendaLine(AgendaLineKind.ExpeditePurchase, po.Ref, true, Name: po.Number, Party: po.Party, Item: e.Item,
                Day: e.To ?? po.DueDate, Quantity: po.Qty, Figures: [Math.Max(0, po.DueDate.DayNumber - (e.To ?? po.DueDate).DayNumber)]));
        }

        foreach (var po in purchase.Values.Where(p => p.DueDate < today && !expedite.Contains(p.Number)).OrderBy(p => p.DueDate))
        {
            lines.Add(new AgendaLine(AgendaLineKind.LateReceipt, po.Ref, true, Name: po.Number, Party: po.Party, Item: po.Item, Day: po.DueDate,
                Quantity: po.Qty, Figures: [today.DayNumber - po.DueDate.DayNumber]));
        }

        return lines;
    }

    /// <summary>
    /// MOs due to start within <see cref="BlockedHorizonDays"/> (or already late to start) that something blocks:
    /// a component short (overdue PO, plan shortage on the component), a workstation of its load overloaded in the
    /// week it is planned, an open major/stopping incident where it is queued. An MO that simply has not started
    /// is not "blocked". Late-to-start first, then by start date.
    /// </summary>
    public static IEnumerable<AgendaLine> BlockedOrders(AgendaSnapshot s, IReadOnlyList<OrderSummary> open, IEnumerable<OrderSummary> purchases)
    {
        var today = s.Today;
        var horizon = today.AddDays(BlockedHorizonDays);
        var components = s.Bom.GroupBy(b => b.Parent, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(b => b.Component).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var shortItems = s.Exceptions.Where(e => e.Type is MrpExceptionType.LateDemand or MrpExceptionType.PastDueRelease).Select(e => e.Item).ToHashSet(StringComparer.Ordinal);
        var purchaseList = purchases.ToList();
        var result = new List<(AgendaLine Line, bool Late, DateOnly Start)>();
        foreach (var mo in open.Where(o => o.Ref.Kind == ObjectKind.ManufacturingOrder
                     && o.Status is nameof(ManufacturingOrderStatus.Planned) or nameof(ManufacturingOrderStatus.Released) or nameof(ManufacturingOrderStatus.InProgress)))
        {
            var start = mo.StartDate ?? mo.DueDate;
            if (start > horizon)
            {
                continue;
            }

            var (cause, detail) = Cause(mo, start, today, components, shortItems, purchaseList, s.Workstations);
            if (cause == AgendaCause.None)
            {
                continue;
            }

            var lateToStart = start < today && mo.Status != nameof(ManufacturingOrderStatus.InProgress);
            result.Add((new AgendaLine(AgendaLineKind.BlockedManufacturingOrder, mo.Ref, lateToStart || cause == AgendaCause.Quality,
                Name: mo.Number, Item: mo.Item, Day: start, Quantity: mo.Qty, Cause: cause, Detail: detail, Status: mo.Status), lateToStart, start));
        }

        return result.OrderByDescending(x => x.Late).ThenBy(x => x.Start).ThenBy(x => x.Line.Name, StringComparer.Ordinal).Select(x => x.Line);
    }

    private static (AgendaCause, string?) Cause(OrderSummary mo, DateOnly start, DateOnly today, Dictionary<string, HashSet<string>> components, HashSet<string> shortItems,
        List<OrderSummary> purchases, IReadOnlyList<WorkstationView> workstations)
    {
        var where = workstations.Where(w => w.Queue.Any(q => q.Order == mo.Number) || w.Weeks.Any(k => k.Orders.Any(o => o.Order == mo.Number))).ToList();

        // Quality first: a machine stopped or in major trouble where the MO is to be made.
        var troubled = where.FirstOrDefault(w => w.Incidents.Any(i => i.ClosedAt is null && i.Severity is IncidentSeverity.Stop or IncidentSeverity.Major));
        if (troubled is not null)
        {
            return (AgendaCause.Quality, troubled.Code);
        }

        // Material: a component short in the plan, or an open PO of a component already overdue (a PO due later may only
        // replenish: the plan's shortage messages say when stock does not cover the MO).
        if (components.TryGetValue(mo.Item, out var parts))
        {
            var part = parts.Order(StringComparer.Ordinal).FirstOrDefault(c => shortItems.Contains(c)
                || purchases.Any(p => p.Lines.Any(l => l.Item == c) && p.DueDate < today));
            if (part is not null)
            {
                return (AgendaCause.Material, part);
            }
        }

        // Capacity: a workstation overloaded in a week where this MO loads it.
        var overloaded = where.FirstOrDefault(w => w.Weeks.Any(k => k.Overloaded && k.Orders.Any(o => o.Order == mo.Number)));
        return overloaded is not null ? (AgendaCause.Capacity, overloaded.Code) : (AgendaCause.None, null);
    }

    private static IEnumerable<AgendaItem> Sop(AgendaSnapshot s)
    {
        if (s.Sop is not { Families.Count: > 0 } sop)
        {
            yield break;
        }

        var months = Math.Min(SopMonths, sop.Months.Count);
        var chosen = sop.Comparison.ToDictionary(c => c.Strategy, StringComparer.Ordinal);
        var families = new List<(AgendaLine Line, double Gap)>();
        foreach (var f in sop.Families)
        {
            var plan = f.Plans.FirstOrDefault(p => p.Strategy == f.ChosenStrategy) ?? f.Plans.FirstOrDefault();
            var demand = f.Total.Take(months).Sum();
            var production = plan?.Production.Take(months).Sum() ?? 0;
            var load = chosen.TryGetValue(plan?.Strategy ?? "", out var row) ? row.MaxUtilisation * 100 : double.NaN;
            var inventory = plan is { Inventory.Count: > 0 } ? plan.Inventory[Math.Min(months, plan.Inventory.Count) - 1] : double.NaN;
            var alert = inventory < -1e-9 || load > 100;
            families.Add((new AgendaLine(AgendaLineKind.SopFamily, null, alert, Name: f.Family, Detail: plan?.Strategy,
                Day: sop.Months.Count > 0 ? sop.Months[0] : null, Figures: [demand, production, load, inventory]), demand - production));
        }

        yield return Capped(SqcdpCategory.Delivery, AgendaSource.SopFamilies, families.OrderByDescending(x => x.Line.Alert).ThenByDescending(x => x.Gap).Select(x => x.Line));

        if (sop.Comparison.Count > 0)
        {
            var used = sop.Families.Select(f => f.ChosenStrategy).ToHashSet(StringComparer.Ordinal);
            yield return Capped(SqcdpCategory.Cost, AgendaSource.SopStrategies, sop.Comparison.Select(c => new AgendaLine(AgendaLineKind.SopStrategy, null,
                c.Backlog > 1e-9 || c.MaxUtilisation > 1 + 1e-9, Name: c.Strategy, Status: used.Contains(c.Strategy) ? "Chosen" : null,
                Figures: [c.TotalProduction, c.AverageInventory, c.Backlog, c.ProductionChanges, c.MaxUtilisation * 100, c.OverloadedWorkstationMonths])));
        }

        var decisions = new List<AgendaLine>();
        foreach (var f in sop.Families)
        {
            var plan = f.Plans.FirstOrDefault(p => p.Strategy == f.ChosenStrategy) ?? f.Plans.FirstOrDefault();
            var backlog = plan is null ? 0 : Math.Max(0, -plan.Inventory.DefaultIfEmpty(0).Min());
            var row = chosen.GetValueOrDefault(plan?.Strategy ?? "");
            if (backlog > 1e-9)
            {
                decisions.Add(new AgendaLine(AgendaLineKind.SopDecision, null, true, Name: f.Family, Detail: plan?.Strategy, Cause: AgendaCause.Backlog, Figures: [backlog]));
            }
            else if (row is { MaxUtilisation: > 1 })
            {
                decisions.Add(new AgendaLine(AgendaLineKind.SopDecision, null, true, Name: f.Family, Detail: plan?.Strategy, Cause: AgendaCause.Overload, Figures: [row.MaxUtilisation * 100]));
            }
        }

        if (decisions.Count > 0)
        {
            yield return Capped(SqcdpCategory.Delivery, AgendaSource.SopDecisions, decisions);
        }
    }

    private static AgendaLine[] ChangeLines(AgendaSnapshot s) => s.Changes switch
    {
        PlanChangeState.NotCalculatedBefore => [new AgendaLine(AgendaLineKind.PlanNotCalculatedBefore, null, false)],
        PlanChangeState.NotRecalculated => [new AgendaLine(AgendaLineKind.PlanNotRecalculated, null, false)],
        PlanChangeState.RunNotKept => [new AgendaLine(AgendaLineKind.PlanRunNotKept, null, false)],
        _ when s.PlanChanges.Count == 0 => [new AgendaLine(AgendaLineKind.PlanUnchanged, null, false)],
        _ => [.. s.PlanChanges.Take(30).Select(c => new AgendaLine(AgendaLineKind.PlanChange, null, c.IsAlert, Change: c))],
    };

    /// <summary>Open actions decided in the previous meeting of the series (most overdue first).</summary>
    public static IReadOnlyList<ActionItem> PreviousActions(IReadOnlyList<ActionItem> openActions, string? previousMeetingId)
    {
        if (previousMeetingId is null)
        {
            return [];
        }

        var previous = new ObjectRef(ObjectKind.Meeting, previousMeetingId);
        return [.. openActions.Where(a => a.IsOpen && a.Meeting == previous).OrderBy(a => a.Due)];
    }

    /// <summary>Plant KPIs: OTD (delivered lines on time), load % of the next weeks, open order lines, late customer orders.</summary>
    public static MeetingKpi[] Kpis(IReadOnlyList<OrderSummary> orders, IReadOnlyList<WorkstationView> workstations, DateOnly today)
    {
        var customer = orders.Where(o => o.Ref.Kind == ObjectKind.CustomerOrder).ToList();
        var otd = customer.Aggregate(new OtdFigures(0, 0), (a, o) => a + o.Otd);
        var weeks = workstations.SelectMany(w => w.Weeks.Take(OverloadHorizonWeeks)).ToList();
        double? load = weeks.Sum(k => k.Available) > 0 ? weeks.Sum(k => k.Load) / weeks.Sum(k => k.Available) * 100 : null;
        var open = customer.Where(o => !o.Closed).ToList();
        var lateCount = open.Count(o => o.IsLate(today));
        return
        [
            Kpi(MeetingKpiKind.OnTimeDelivery, otd.Rate is { } r ? r * 100 : null, 95, otd.Rate is { } rr ? rr >= 0.95 : null, "%"),
            Kpi(MeetingKpiKind.WorkstationLoad, load, 100, load is { } l ? l <= 100 : null, "%"),
            Kpi(MeetingKpiKind.OpenOrderLines, open.Sum(o => o.Lines.Count), null, null, null),
            Kpi(MeetingKpiKind.LateCustomerOrders, lateCount, 0, lateCount == 0, null),
        ];
    }

    private static MeetingKpi Kpi(MeetingKpiKind kind, double? value, double? target, bool? onTarget, string? unit) =>
        new(kind.ToString(), value is { } v ? Math.Round(v, 1).ToString(CultureInfo.InvariantCulture) : "—",
            target?.ToString(CultureInfo.InvariantCulture), onTarget, kind, value is { } x ? Math.Round(x, 1) : null, target, unit);

    private static AgendaLine KpiLine(MeetingKpi k) =>
        new(AgendaLineKind.Kpi, null, k.OnTarget == false, Status: k.Kind.ToString(), Detail: k.Unit,
            Figures: [k.Figure ?? double.NaN, k.TargetFigure ?? double.NaN]);

    // ---- Project reviews ----

    /// <summary>
    /// Agenda of a project review: open actions of the previous review first, then the current phase with its gate
    /// checklist (met / missing), the overdue actions (not those already listed) and the KPIs (baseline, last, target;
    /// a measured KPI that misses its target is flagged). The three project items are always present, with an
    /// explicit "none" line when empty. Every line links to the project.
    /// </summary>
    public static GeneratedAgenda BuildProjectReview(ProjectReviewAgenda review, ObjectRef project, IReadOnlyList<ActionItem> previousActions, DateOnly today)
    {
        var items = new List<AgendaItem>();
        if (previousActions.Count > 0)
        {
            items.Add(Item(SqcdpCategory.People, AgendaSource.PreviousActions, [.. previousActions.Select(a => ActionLine(a, today))]) with { Object = project });
        }

        AgendaLine[] checks = review.Checklist.Count == 0
            ? [new AgendaLine(AgendaLineKind.NoGateCheck, project, false)]
            : [.. review.Checklist.Select(c => new AgendaLine(AgendaLineKind.GateCheck, project, !c.Met, Name: c.Kind?.ToString() ?? c.Label, Status: c.Met ? "Met" : "Missing"))];
        items.Add(Item(SqcdpCategory.Quality, AgendaSource.ProjectPhase, checks) with { Object = project, TitleArgument = review.PhaseKey });

        var listed = previousActions.Select(a => a.Id).ToHashSet();
        var overdue = review.OverdueActions.Where(a => !listed.Contains(a.Id)).OrderBy(a => a.Due).ToList();
        AgendaLine[] late = overdue.Count == 0
            ? [new AgendaLine(AgendaLineKind.NoOverdueAction, project, false)]
            : [.. overdue.Select(a => ActionLine(a, today) with { Object = a.Origin.Kind == ObjectKind.ImprovementProject ? project : a.Origin, Alert = true })];
        items.Add(Item(SqcdpCategory.People, AgendaSource.OverdueActions, late) with { Object = project });

        AgendaLine[] kpiLines = review.Kpis.Count == 0
            ? [new AgendaLine(AgendaLineKind.NoKpi, project, false)]
            : [.. review.Kpis.Select(k => new AgendaLine(AgendaLineKind.ProjectKpi, project, Missed(k), Name: k.Name, Detail: k.Unit,
                Figures: [k.Baseline, k.Last ?? double.NaN, k.Target]))];
        items.Add(Item(SqcdpCategory.Delivery, AgendaSource.Kpis, kpiLines) with { Object = project });

        return new GeneratedAgenda([.. items], ProjectKpis(review), null);
    }

    /// <summary>The project's KPIs as meeting KPIs: last measure against the target (no verdict before a first measure).</summary>
    public static MeetingKpi[] ProjectKpis(ProjectReviewAgenda review) =>
        [.. review.Kpis.Select(k => new MeetingKpi(k.Name, k.Last is { } v ? v.ToString(CultureInfo.InvariantCulture) : "—", k.Target.ToString(CultureInfo.InvariantCulture),
            k.Last is null ? null : k.TargetReached, MeetingKpiKind.Project, k.Last, k.Target, k.Unit))];

    /// <summary>A measured KPI that has not reached its target.</summary>
    public static bool Missed(ReviewKpi k) => k.Last is not null && !k.TargetReached;

    /// <summary>
    /// The project as the grains key it (<c>SITE/NUMBER</c>): a series may name the project by its number alone
    /// (typed on the meetings page) or by its full key.
    /// </summary>
    public static ObjectRef ProjectRef(string site, ObjectRef project) =>
        new(ObjectKind.ImprovementProject, project.Id.Contains('/', StringComparison.Ordinal) ? project.Id : ProjectKey.Of(site, project.Id.Trim()));

    // ---- helpers ----

    public static AgendaItem Item(SqcdpCategory category, AgendaSource source, AgendaLine[] lines, AgendaChart? chart = null, int more = 0) =>
        new(Guid.NewGuid(), category, source, "", null, lines, chart, false, [], [], 0, null, more);

    private static AgendaItem Capped(SqcdpCategory category, AgendaSource source, IEnumerable<AgendaLine> lines, AgendaChart? chart = null)
    {
        var all = lines.ToList();
        return Item(category, source, [.. all.Take(MaxLines)], chart, Math.Max(0, all.Count - MaxLines));
    }

    public static AgendaLine ActionLine(ActionItem a, DateOnly today) =>
        new(AgendaLineKind.Action, a.Origin, a.IsOverdue(today), Name: a.Title, Party: a.Owner, Day: a.Due, Status: a.Status.ToString(),
            Detail: a.Origin.Kind is ObjectKind.Site ? null : a.Origin.Id, Figures: [Math.Max(0, today.DayNumber - a.Due.DayNumber)]);

    private static AgendaLine IncidentLine(WorkstationView w, Incident i, bool alert) =>
        new(AgendaLineKind.Incident, Ref(ObjectKind.Workstation, w.Code), alert, Name: i.Title, Party: i.ReportedBy, Item: w.Code,
            Detail: w.Data.Description, Day: DateOnly.FromDateTime(i.At.UtcDateTime), Status: i.Severity.ToString());

    private static AgendaLine OrderLine(AgendaLineKind kind, OrderSummary o, bool alert, double figure) =>
        new(kind, o.Ref, alert, Name: o.Number, Party: o.Party, Item: o.Item, Day: o.DueDate, Quantity: o.Qty, Figures: [figure]);

    private static ObjectRef Ref(ObjectKind kind, string id) => new(kind, id);

    private static double Percent(WeekLoad k) => double.IsFinite(k.Utilisation) ? Math.Round(k.Utilisation * 100, 0) : 999;
}
