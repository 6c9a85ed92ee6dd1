using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Meetings;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Projects;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Domain.Meetings;

namespace Collab.Grains.Meetings;

/// <summary>
/// Gathers the snapshot a meeting's agenda is built from (order registry, plan exceptions and comparison, S&amp;OP,
/// workstation loads and incidents, bills of materials, action index) and hands it to the pure
/// <see cref="AgendaBuilder"/>. No rule lives here.
/// </summary>
public static class AgendaGenerator
{
    public static async Task<AgendaSnapshot> GatherAsync(IGrainFactory grains, string site, MeetingType type, DateOnly today, string? previousMeetingId, string? previousPlanRunId)
    {
        var actions = await grains.GetGrain<IActionIndexGrain>(site).QueryAsync(new ActionQuery(OpenOnly: true));
        var orders = await grains.GetGrain<IOrderRegistryGrain>(site).QueryAsync(new OrderQuery(OpenOnly: false));
        var plan = grains.GetGrain<IPlanGrain>(PlanKey.Of(site));
        var summary = await plan.GetSummaryAsync();
        var exceptions = summary is null ? [] : await plan.GetExceptionsAsync();
        var data = await grains.GetGrain<ISiteGrain>(site).GetMasterDataAsync();
        var workstations = await LoadWorkstationsAsync(grains, site, data);
        var sop = summary is not null && type == MeetingType.WeeklySop ? await plan.GetSopAsync() : null;

        var changes = PlanChangeState.NotApplicable;
        IReadOnlyList<PlanChange> lines = [];
        if (previousMeetingId is not null && summary is not null)
        {
            if (previousPlanRunId is null)
            {
                changes = PlanChangeState.NotCalculatedBefore;
            }
            else if (previousPlanRunId == summary.RunId)
            {
                changes = PlanChangeState.NotRecalculated;
            }
            else
            {
                try
                {
                    lines = (await plan.GetDiffAsync(previousPlanRunId)).Changes;
                    changes = PlanChangeState.Compared;
                }
                catch (CommandRejectedException)
                {
                    changes = PlanChangeState.RunNotKept;
                }
            }
        }

        return new AgendaSnapshot
        {
            Type = type,
            Today = today,
            PreviousMeetingId = previousMeetingId,
            OpenActions = actions,
            Orders = orders,
            Workstations = workstations,
            Bom = data.Bom,
            PartyNames = data.Customers.Select(c => (c.Code, c.Name)).Concat(data.Suppliers.Select(x => (x.Code, x.Name)))
                .DistinctBy(x => x.Code, StringComparer.Ordinal).ToDictionary(x => x.Code, x => x.Name, StringComparer.Ordinal),
            ItemNames = data.Items.ToDictionary(i => i.Code, i => i.Description, StringComparer.Ordinal),
            PlanRunId = summary?.RunId,
            Exceptions = exceptions,
            Changes = changes,
            PlanChanges = lines,
            Sop = sop,
        };
    }

    /// <summary>Agenda of a project review: see <see cref="AgendaBuilder.BuildProjectReview"/>.</summary>
    public static async Task<GeneratedAgenda> GenerateProjectReviewAsync(IGrainFactory grains, string site, ObjectRef project, DateOnly today, string? previousMeetingId)
    {
        var review = await ProjectReviewAsync(grains, site, project, today);
        IReadOnlyList<ActionItem> fromLast = [];
        if (previousMeetingId is not null)
        {
            var actions = await grains.GetGrain<IActionIndexGrain>(site).QueryAsync(new ActionQuery(OpenOnly: true));
            fromLast = AgendaBuilder.PreviousActions(actions, previousMeetingId);
        }

        return AgendaBuilder.BuildProjectReview(review, AgendaBuilder.ProjectRef(site, project), fromLast, today);
    }

    /// <summary>The KPIs of the reviewed project (what a review stores at open and at close).</summary>
    public static async Task<MeetingKpi[]> ProjectReviewKpisAsync(IGrainFactory grains, string site, ObjectRef project, DateOnly today) =>
        AgendaBuilder.ProjectKpis(await ProjectReviewAsync(grains, site, project, today));

    /// <summary>The plant KPIs now (stored at close).</summary>
    public static async Task<MeetingKpi[]> KpisAsync(IGrainFactory grains, string site, DateOnly today)
    {
        var orders = await grains.GetGrain<IOrderRegistryGrain>(site).QueryAsync(new OrderQuery(OpenOnly: false));
        var data = await grains.GetGrain<ISiteGrain>(site).GetMasterDataAsync();
        return AgendaBuilder.Kpis(orders, await LoadWorkstationsAsync(grains, site, data), today);
    }

    private static Task<ProjectReviewAgenda> ProjectReviewAsync(IGrainFactory grains, string site, ObjectRef project, DateOnly today) =>
        grains.GetGrain<IImprovementProjectGrain>(AgendaBuilder.ProjectRef(site, project).Id).GetReviewAgendaAsync(today);

    private static async Task<IReadOnlyList<WorkstationView>> LoadWorkstationsAsync(IGrainFactory grains, string site, MasterDataSet data)
    {
        // Where an MO is queued or loads a week: the plan run's detail (the grains keep the weekly figures).
        var plan = grains.GetGrain<IPlanGrain>(PlanKey.Of(site));
        var views = await Task.WhenAll(data.Workstations.Select(async w =>
            (await grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(site, w.Code)).GetAsync())?.WithRunLoad(await plan.GetWorkstationLoadAsync(w.Code))));
        return [.. views.Where(v => v is not null).Select(v => v!)];
    }
}
