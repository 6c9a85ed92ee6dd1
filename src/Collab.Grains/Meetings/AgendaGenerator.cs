using System.Globalization;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Meetings;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;

namespace Collab.Grains.Meetings;

/// <summary>
/// Builds the agenda of a meeting from the live plan (order registry, plan exceptions, workstation loads,
/// action index, plan snapshots). Order: open actions of the previous meeting first, then SQCDP —
/// S: stopping incidents; Q: other open incidents; D: late and at-risk customer orders, overloaded
/// workstations in the next 2 weeks, shortages and POs to expedite, blocked MOs; P: overdue actions;
/// then the KPIs and "Ce qui a changé depuis la dernière réunion". Items with nothing to say are left out,
/// so an empty plant gives an empty agenda (the page says so honestly).
/// </summary>
public static class AgendaGenerator
{
    public const int OverloadHorizonWeeks = 2;
    private static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");

    public static async Task<GeneratedAgenda> GenerateAsync(IGrainFactory grains, string site, DateOnly today, string? previousMeetingId, string? previousPlanRunId)
    {
        var items = new List<AgendaItem>();
        var actions = await grains.GetGrain<IActionIndexGrain>(site).QueryAsync(new ActionQuery(OpenOnly: true));
        var orders = await grains.GetGrain<IOrderRegistryGrain>(site).QueryAsync(new OrderQuery(OpenOnly: false));
        var open = orders.Where(o => !o.Closed).ToList();
        var plan = grains.GetGrain<IPlanGrain>(PlanKey.Of(site));
        var summary = await plan.GetSummaryAsync();
        var exceptions = summary is null ? [] : await plan.GetExceptionsAsync();
        var workstations = await LoadWorkstationsAsync(grains, site);

        // 1. Open actions of the previous meeting.
        if (previousMeetingId is not null)
        {
            var previous = new ObjectRef(ObjectKind.Meeting, previousMeetingId);
            var fromLast = actions.Where(a => a.Meeting == previous).ToList();
            if (fromLast.Count > 0)
            {
                items.Add(Item(SqcdpCategory.People, AgendaSource.PreviousActions, "Actions ouvertes de la dernière réunion",
                    [.. fromLast.Select(a => ActionLine(a, today))]));
            }
        }

        // S / Q: open incidents at the workstations.
        var incidents = workstations.SelectMany(w => w.Incidents.Where(i => i.ClosedAt is null).Select(i => (w, i))).ToList();
        var stops = incidents.Where(x => x.i.Severity == IncidentSeverity.Stop).ToList();
        if (stops.Count > 0)
        {
            items.Add(Item(SqcdpCategory.Safety, AgendaSource.Manual, "Arrêts signalés aux postes",
                [.. stops.Select(x => new AgendaLine(x.i.Title, $"{x.w.Code} – {x.w.Data.Description}", new ObjectRef(ObjectKind.Workstation, x.w.Code), true, Date(DateOnly.FromDateTime(x.i.At.UtcDateTime)), Person: x.i.ReportedBy))]));
        }

        var others = incidents.Where(x => x.i.Severity != IncidentSeverity.Stop).ToList();
        if (others.Count > 0)
        {
            items.Add(Item(SqcdpCategory.Quality, AgendaSource.Manual, "Incidents ouverts aux postes",
                [.. others.Select(x => new AgendaLine(x.i.Title, $"{x.w.Code} – {x.w.Data.Description}", new ObjectRef(ObjectKind.Workstation, x.w.Code), x.i.Severity == IncidentSeverity.Major, Date(DateOnly.FromDateTime(x.i.At.UtcDateTime)), Person: x.i.ReportedBy))]));
        }

        // D: late and at-risk customer orders.
        var customer = open.Where(o => o.Ref.Kind == ObjectKind.CustomerOrder).ToList();
        var late = customer.Where(o => o.IsLate(today)).OrderBy(o => o.DueDate).ToList();
        var atRisk = customer.Where(o => !o.IsLate(today) && o.ExceptionCount > 0).OrderBy(o => o.DueDate).ToList();
        if (late.Count + atRisk.Count > 0)
        {
            items.Add(Item(SqcdpCategory.Delivery, AgendaSource.LateCustomerOrders, "Commandes clients en retard ou à risque",
                [.. late.Select(o => OrderLine(o, "En retard", true)), .. atRisk.Select(o => OrderLine(o, "À risque", false))]));
        }

        // D: overloaded workstations in the next 2 weeks (chart: the most loaded one).
        var overloaded = workstations
            .Select(w => (w, peak: w.Weeks.Take(OverloadHorizonWeeks).Select(Percent).DefaultIfEmpty(0).Max()))
            .Where(x => x.w.Weeks.Take(OverloadHorizonWeeks).Any(k => k.Overloaded))
            .OrderByDescending(x => x.peak).ToList();
        if (overloaded.Count > 0)
        {
            var worst = overloaded[0].w;
            var weeks = worst.Weeks.Take(6).ToList();
            var chart = new AgendaChart($"Charge {worst.Code} – {worst.Data.Description}",
                [.. weeks.Select(k => "S" + ISOWeek.GetWeekOfYear(k.WeekStart.ToDateTime(TimeOnly.MinValue)).ToString(CultureInfo.InvariantCulture))],
                [.. weeks.Select(Percent)], 100, "%");
            items.Add(Item(SqcdpCategory.Delivery, AgendaSource.OverloadedWorkstations, "Postes surchargés (2 prochaines semaines)",
                [.. overloaded.Select(x => new AgendaLine($"{x.w.Code} – {x.w.Data.Description}",
                    string.Join(" · ", x.w.Weeks.Take(OverloadHorizonWeeks).Select(k => $"{Percent(k).ToString("0", Fr)} %")),
                    new ObjectRef(ObjectKind.Workstation, x.w.Code), true, null, $"{x.peak.ToString("0", Fr)} %"))], chart));
        }

        // D: shortages and POs to expedite.
        var purchase = open.Where(o => o.Ref.Kind == ObjectKind.PurchaseOrder).ToDictionary(o => o.Number, StringComparer.Ordinal);
        var shortageLines = new List<AgendaLine>();
        foreach (var e in exceptions.Where(e => e.Type is "LATE_DEMAND" or "PAST_DUE_RELEASE").Take(20))
        {
            shortageLines.Add(new AgendaLine($"{e.Item} : {e.Message}", e.Order, e.Order is not null && purchase.ContainsKey(e.Order) ? new ObjectRef(ObjectKind.PurchaseOrder, e.Order) : null,
                true, e.From is { } f ? Date(f) : null, e.Qty > 0 ? e.Qty.ToString("0.##", Fr) : null));
        }

        foreach (var e in exceptions.Where(e => e.Type == "RESCHEDULE_IN" && e.Order is not null && purchase.ContainsKey(e.Order)).Take(20))
        {
            var po = purchase[e.Order!];
            shortageLines.Add(new AgendaLine($"À relancer : {po.Number} ({po.Party})", $"{e.Item} – {e.Message}", po.Ref, true,
                e.To is { } t ? Date(t) : Date(po.DueDate), po.Qty.ToString("0.##", Fr)));
        }

        foreach (var po in purchase.Values.Where(p => p.DueDate < today && shortageLines.All(l => l.Object != p.Ref)).OrderBy(p => p.DueDate))
        {
            shortageLines.Add(new AgendaLine($"Réception en retard : {po.Number} ({po.Party})", po.Item, po.Ref, true, Date(po.DueDate), po.Qty.ToString("0.##", Fr)));
        }

        if (shortageLines.Count > 0)
        {
            items.Add(Item(SqcdpCategory.Delivery, AgendaSource.Shortages, "Ruptures et achats à relancer", [.. shortageLines]));
        }

        // D: blocked MOs: should have started (planned/released with a start date past) or carrying plan exceptions.
        var blocked = open.Where(o => o.Ref.Kind == ObjectKind.ManufacturingOrder
                && ((o.Status is nameof(ManufacturingOrderStatus.Planned) or nameof(ManufacturingOrderStatus.Released) && o.StartDate is { } s && s < today)
                    || o.ExceptionCount > 0))
            .OrderBy(o => o.StartDate ?? o.DueDate).ToList();
        if (blocked.Count > 0)
        {
            items.Add(Item(SqcdpCategory.Delivery, AgendaSource.BlockedManufacturingOrders, "Ordres de fabrication bloqués",
                [.. blocked.Select(o => new AgendaLine($"{o.Number} – {o.Item}",
                    o.ExceptionCount > 0 ? $"{StatusFr(o.Status)}, {o.ExceptionCount} message(s) du plan" : $"{StatusFr(o.Status)}, non démarré",
                    o.Ref, true, Date(o.StartDate ?? o.DueDate), o.Qty.ToString("0.##", Fr)))]));
        }

        // P: overdue actions (those of the previous meeting are already listed first).
        var listed = items.Where(i => i.Source == AgendaSource.PreviousActions).SelectMany(i => i.Lines).Select(l => l.Label).ToHashSet(StringComparer.Ordinal);
        var overdue = actions.Where(a => a.IsOverdue(today) && !listed.Contains(a.Title)).OrderBy(a => a.Due).ToList();
        if (overdue.Count > 0)
        {
            items.Add(Item(SqcdpCategory.People, AgendaSource.OverdueActions, "Actions en retard", [.. overdue.Select(a => ActionLine(a, today))]));
        }

        // KPIs.
        var kpis = Kpis(orders, workstations, today);
        if (orders.Count > 0 || workstations.Count > 0)
        {
            items.Add(Item(SqcdpCategory.Delivery, AgendaSource.Kpis, "Indicateurs",
                [.. kpis.Select(k => new AgendaLine(k.Name, k.Target is null ? null : $"Objectif : {k.Target}", null, k.OnTarget == false, null, k.Value))]));
        }

        // What changed since the last meeting (plan diff between the run seen then and the current one).
        if (previousMeetingId is not null && summary is not null)
        {
            var lines = await ChangesAsync(plan, previousPlanRunId, summary.RunId);
            items.Add(Item(SqcdpCategory.Delivery, AgendaSource.PlanChanges, "Ce qui a changé depuis la dernière réunion", [.. lines]));
        }

        return new GeneratedAgenda([.. items], [.. kpis], summary?.RunId);
    }

    /// <summary>
    /// Agenda of a project review ("revue de projet"): the open actions of the previous review first, then the
    /// project's current phase with its gate checklist, its overdue actions and its KPIs (see
    /// <see cref="ProjectReviewAgendaMapper"/>). The plant's SQCDP agenda is not generated for reviews.
    /// </summary>
    public static async Task<GeneratedAgenda> GenerateProjectReviewAsync(IGrainFactory grains, string site, ObjectRef project, DateOnly today, string? previousMeetingId)
    {
        var review = await ProjectReviewAsync(grains, site, project, today);
        IReadOnlyList<ActionItem> fromLast = [];
        if (previousMeetingId is not null)
        {
            var previous = new ObjectRef(ObjectKind.Meeting, previousMeetingId);
            var actions = await grains.GetGrain<IActionIndexGrain>(site).QueryAsync(new ActionQuery(OpenOnly: true));
            fromLast = [.. actions.Where(a => a.Meeting == previous)];
        }

        return ProjectReviewAgendaMapper.Map(review, ProjectReviewAgendaMapper.ProjectRef(site, project), fromLast, today);
    }

    /// <summary>The KPIs of the reviewed project (what a review stores at open and at close).</summary>
    public static async Task<MeetingKpi[]> ProjectReviewKpisAsync(IGrainFactory grains, string site, ObjectRef project, DateOnly today) =>
        ProjectReviewAgendaMapper.Kpis(await ProjectReviewAsync(grains, site, project, today));

    private static Task<Collab.Contracts.Projects.ProjectReviewAgenda> ProjectReviewAsync(IGrainFactory grains, string site, ObjectRef project, DateOnly today) =>
        grains.GetGrain<Collab.Contracts.Projects.IImprovementProjectGrain>(ProjectReviewAgendaMapper.ProjectRef(site, project).Id).GetReviewAgendaAsync(today);

    /// <summary>KPIs: OTD (delivered lines on time, all shipments known), load % of the next 2 weeks, backlog.</summary>
    public static async Task<MeetingKpi[]> KpisAsync(IGrainFactory grains, string site, DateOnly today)
    {
        var orders = await grains.GetGrain<IOrderRegistryGrain>(site).QueryAsync(new OrderQuery(OpenOnly: false));
        return Kpis(orders, await LoadWorkstationsAsync(grains, site), today);
    }

    private static MeetingKpi[] Kpis(IReadOnlyList<OrderSummary> orders, IReadOnlyList<WorkstationView> workstations, DateOnly today)
    {
        var customer = orders.Where(o => o.Ref.Kind == ObjectKind.CustomerOrder).ToList();
        var otd = customer.Aggregate(new OtdFigures(0, 0), (s, o) => s + o.Otd);
        var weeks = workstations.SelectMany(w => w.Weeks.Take(OverloadHorizonWeeks)).ToList();
        double? load = weeks.Sum(k => k.Available) > 0 ? weeks.Sum(k => k.Load) / weeks.Sum(k => k.Available) * 100 : null;
        var open = customer.Where(o => !o.Closed).ToList();
        var lateCount = open.Count(o => o.IsLate(today));
        return
        [
            new("Taux de service (OTD)", otd.Rate is { } r ? $"{(r * 100).ToString("0", Fr)} %" : "—", "95 %", otd.Rate is { } rr ? rr >= 0.95 : null),
            new("Charge des postes (2 semaines)", load is { } l ? $"{l.ToString("0", Fr)} %" : "—", "≤ 100 %", load is { } ll ? ll <= 100 : null),
            new("Carnet de commandes (lignes ouvertes)", open.Sum(o => o.Lines.Count).ToString(Fr), null, null),
            new("Commandes clients en retard", lateCount.ToString(Fr), "0", lateCount == 0),
        ];
    }

    private static async Task<List<AgendaLine>> ChangesAsync(IPlanGrain plan, string? fromRunId, string currentRunId)
    {
        if (fromRunId is null)
        {
            return [new AgendaLine("Le plan n'était pas calculé lors de la dernière réunion.", null, null, false)];
        }

        if (fromRunId == currentRunId)
        {
            return [new AgendaLine("Le plan n'a pas été recalculé depuis la dernière réunion.", null, null, false)];
        }

        try
        {
            var diff = await plan.GetDiffAsync(fromRunId);
            return diff.Lines.Count == 0
                ? [new AgendaLine("Plan recalculé, aucun changement notable.", null, null, false)]
                : [.. diff.Lines.Take(30).Select(l => new AgendaLine(l, null, null, l.StartsWith("Nouvelle", StringComparison.Ordinal)))];
        }
        catch (CommandRejectedException)
        {
            return [new AgendaLine("Le calcul vu lors de la dernière réunion n'est plus conservé ; comparaison impossible.", null, null, false)];
        }
    }

    private static async Task<IReadOnlyList<WorkstationView>> LoadWorkstationsAsync(IGrainFactory grains, string site)
    {
        var data = await grains.GetGrain<ISiteGrain>(site).GetMasterDataAsync();
        var views = await Task.WhenAll(data.Workstations.Select(w => grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(site, w.Code)).GetAsync()));
        return [.. views.Where(v => v is not null).Select(v => v!)];
    }

    private static double Percent(WeekLoad k) => double.IsFinite(k.Utilisation) ? Math.Round(k.Utilisation * 100, 0) : 999;

    internal static AgendaItem Item(SqcdpCategory category, AgendaSource source, string title, AgendaLine[] lines, AgendaChart? chart = null) =>
        new(Guid.NewGuid(), category, source, title, null, lines, chart, false, [], [], 0);

    internal static AgendaLine ActionLine(ActionItem a, DateOnly today) =>
        new(a.Title, a.Origin.Id, a.Origin, a.IsOverdue(today), Date(a.Due), StatusFr(a.Status.ToString()), Person: a.Owner);

    private static AgendaLine OrderLine(OrderSummary o, string state, bool alert) =>
        new($"{o.Number} – {o.Party}", $"{state} : {o.Item}", o.Ref, alert, Date(o.DueDate), o.Qty.ToString("0.##", Fr));

    internal static string Date(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    internal static string StatusFr(string status) => status switch
    {
        "Planned" => "Planifié",
        "Released" => "Lancé",
        "InProgress" => "En cours",
        "ToDo" => "À faire",
        "Done" => "Fait",
        _ => status,
    };
}
