using Collab.Contracts.Common;
using Collab.Contracts.Projects;
using Collab.Infrastructure.Pdf;
using Collab.Web.Identity;

// Lives beside the project pages (Web by feature) but keeps its namespace: tests and other features already use
// IProjectService from Collab.Web.Services.
namespace Collab.Web.Services;

/// <summary>
/// Continuous-improvement projects for the pages: portfolio, project commands, what-if simulation, A3 PDF.
/// Ideas can be submitted by every signed-in user, readers included, within <see cref="Ideas.MaxPerUserPerDay"/>
/// a day, and consume no project number until accepted. Accepting an idea needs <see cref="Policies.CanLeadProjects"/>;
/// the lead's commands need that policy <em>and</em> being the project's lead (or an administrator — the grain checks
/// the person); sponsor, lead and team are users of the directory, the sponsor is not the lead; applying the
/// changes to the master data also needs <see cref="Policies.CanPlan"/>. The sponsor's decisions (gates, approval
/// of changes) and actions need a contributor role — the grain checks that the user really is the sponsor / a member.
/// Roles are re-read from the Identity store at every command.
/// </summary>
public interface IProjectService
{
    Task<IReadOnlyList<ProjectSummary>> ListAsync(PortfolioQuery query);

    Task<ImprovementProjectView?> GetAsync(string number);

    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string number);

    Task<ProjectReviewAgenda> GetReviewAgendaAsync(string number);

    Task<ImprovementProjectView> SubmitIdeaAsync(string title, string description, string user);

    /// <summary>Turns an idea into a project: policy CanLeadProjects; sponsor, lead and team must be users, sponsor ≠ lead.</summary>
    Task<ImprovementProjectView> AcceptAsync(string number, ProjectCharter charter, long expectedVersion, string user);

    /// <summary>Changes the charter (lead's command): the same checks of the people.</summary>
    Task<ImprovementProjectView> UpdateCharterAsync(string number, ProjectCharter charter, long expectedVersion, string user);

    /// <summary>Writes the approved changes to the master data: the lead or a team member with the planner role, or an administrator.</summary>
    Task<ImprovementProjectView> ApplyChangesAsync(string number, long expectedVersion, string user);

    // Lead's commands: policy CanLeadProjects; the grain checks the user is the project's lead (or an administrator).

    Task<ImprovementProjectView> RejectIdeaAsync(string number, string reason, long expectedVersion, string user);

    Task<ImprovementProjectView> SetA3SectionAsync(string number, A3Section section, string text, long expectedVersion, string user);

    Task<ImprovementProjectView> SaveWhyChainAsync(string number, WhyChain chain, long expectedVersion, string user);

    Task<ImprovementProjectView> RemoveWhyChainAsync(string number, Guid chainId, long expectedVersion, string user);

    Task<ImprovementProjectView> SetIshikawaEffectAsync(string number, string effect, bool sixM, long expectedVersion, string user);

    Task<ImprovementProjectView> AddCauseAsync(string number, IshikawaCategory category, string text, long expectedVersion, string user);

    Task<ImprovementProjectView> RemoveCauseAsync(string number, Guid causeId, long expectedVersion, string user);

    Task<ImprovementProjectView> AddKpiAsync(string number, string name, string unit, double baseline, double target, long expectedVersion, string user);

    Task<ImprovementProjectView> AddMeasureAsync(string number, Guid kpiId, DateOnly date, double value, long expectedVersion, string user);

    Task<ImprovementProjectView> SetEstimatedGainsAsync(string number, ProjectGains gains, long expectedVersion, string user);

    Task<ImprovementProjectView> ConfirmGainsAsync(string number, ProjectGains gains, long expectedVersion, string user);

    Task<ImprovementProjectView> SaveParameterChangeAsync(string number, ParameterChange change, long expectedVersion, string user);

    Task<ImprovementProjectView> RemoveParameterChangeAsync(string number, Guid changeId, long expectedVersion, string user);

    // Members' and sponsor's commands: any contributor role; the grain checks the person (member, sponsor).

    Task<ImprovementProjectView> RequestGateAsync(string number, long expectedVersion, string user);

    Task<ImprovementProjectView> DecideGateAsync(string number, bool approve, string? comment, long expectedVersion, string user);

    Task<ImprovementProjectView> ApproveChangesAsync(string number, long expectedVersion, string user);

    Task<SimulationResult> SimulateAsync(string number, string user);

    Task<ActionItem> AddActionAsync(string number, NewAction action, string user);

    Task<ActionItem> SetActionStatusAsync(string number, ActionItem action, ActionStatus status, string user);

    /// <summary>The A3 sheet as a one-page A3 landscape PDF in <paramref name="culture"/> (French when null).</summary>
    Task<byte[]?> RenderA3Async(string number, System.Globalization.CultureInfo? culture = null);

    DateOnly Today { get; }
}

internal sealed class ProjectService(PlanContext ctx, SiteService site, TimeProvider clock, Collab.Web.Components.Pages.People.UserDirectory people) : IProjectService
{
    public DateOnly Today => ctx.Today;

    private IImprovementProjectGrain Grain(string number) => ctx.Grains.GetGrain<IImprovementProjectGrain>(ProjectKey.Of(ctx.Site, number));

    private IProjectPortfolioGrain Portfolio => ctx.Grains.GetGrain<IProjectPortfolioGrain>(ctx.Site);

    public Task<IReadOnlyList<ProjectSummary>> ListAsync(PortfolioQuery query) => Portfolio.QueryAsync(query);

    public Task<ImprovementProjectView?> GetAsync(string number) => Grain(number).GetAsync();

    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string number) => Grain(number).GetRecentHistoryAsync();

    public Task<ProjectReviewAgenda> GetReviewAgendaAsync(string number) => Grain(number).GetReviewAgendaAsync(ctx.Today);

    public async Task<ImprovementProjectView> SubmitIdeaAsync(string title, string description, string user)
    {
        // Every signed-in user, readers included (Ideas in Identity/Roles.cs); an unknown name is refused.
        await ctx.RequireSignedInAsync(user);
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new Collab.Contracts.CommandRejectedException(Collab.Contracts.Refusal.RequiredMax, Collab.Contracts.RefusalTerm.IdeaTitle, 200);
        }

        var reference = await Portfolio.NextIdeaReferenceAsync(ctx.Today.Year, user, clock.GetUtcNow(), Ideas.MaxPerUserPerDay);
        return await Grain(reference).SubmitIdeaAsync(title, description, user);
    }

    public async Task<ImprovementProjectView> AcceptAsync(string number, ProjectCharter charter, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanLeadProjects);
        await RequireUsersAsync(charter);
        var (isAdmin, mayPlan) = await RightsAsync(user);
        using var actor = ActorContext.Set(isAdmin, mayPlan);
        return await Grain(number).AcceptAsync(charter, expectedVersion, user);
    }

    public async Task<ImprovementProjectView> UpdateCharterAsync(string number, ProjectCharter charter, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanLeadProjects);
        await RequireUsersAsync(charter);
        var (isAdmin, mayPlan) = await RightsAsync(user);
        using var actor = ActorContext.Set(isAdmin, mayPlan);
        return await Grain(number).UpdateCharterAsync(charter, expectedVersion, user);
    }

    public async Task<ImprovementProjectView> ApplyChangesAsync(string number, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        var (isAdmin, mayPlan) = await RightsAsync(user);
        using var actor = ActorContext.Set(isAdmin, mayPlan);
        return await Grain(number).ApplyChangesAsync(expectedVersion, user);
    }

    public Task<ImprovementProjectView> RejectIdeaAsync(string number, string reason, long expectedVersion, string user) =>
        LeadAsync(number, user, p => p.RejectIdeaAsync(reason, expectedVersion, user));

    public Task<ImprovementProjectView> SetA3SectionAsync(string number, A3Section section, string text, long expectedVersion, string user) =>
        LeadAsync(number, user, p => p.SetA3SectionAsync(section, text, expectedVersion, user));

    public Task<ImprovementProjectView> SaveWhyChainAsync(string number, WhyChain chain, long expectedVersion, string user) =>
        LeadAsync(number, user, p => p.SaveWhyChainAsync(chain, expectedVersion, user));

    public Task<ImprovementProjectView> RemoveWhyChainAsync(string number, Guid chainId, long expectedVersion, string user) =>
        LeadAsync(number, user, p => p.RemoveWhyChainAsync(chainId, expectedVersion, user));

    public Task<ImprovementProjectView> SetIshikawaEffectAsync(string number, string effect, bool sixM, long expectedVersion, string user) =>
        LeadAsync(number, user, p => p.SetIshikawaEffectAsync(effect, sixM, expectedVersion, user));

    public Task<ImprovementProjectView> AddCauseAsync(string number, IshikawaCategory category, string text, long expectedVersion, string user) =>
        LeadAsync(number, user, p => p.AddCauseAsync(category, text, expectedVersion, user));

    public Task<ImprovementProjectView> RemoveCauseAsync(string number, Guid causeId, long expectedVersion, string user) =>
        LeadAsync(number, user, p => p.RemoveCauseAsync(causeId, expectedVersion, user));

    public Task<ImprovementProjectView> AddKpiAsync(string number, string name, string unit, double baseline, double target, long expectedVersion, string user) =>
        LeadAsync(number, user, p => p.AddKpiAsync(name, unit, baseline, target, expectedVersion, user));

    public Task<ImprovementProjectView> AddMeasureAsync(string number, Guid kpiId, DateOnly date, double value, long expectedVersion, string user) =>
        LeadAsync(number, user, p => p.AddMeasureAsync(kpiId, date, value, expectedVersion, user));

    public Task<ImprovementProjectView> SetEstimatedGainsAsync(string number, ProjectGains gains, long expectedVersion, string user) =>
        LeadAsync(number, user, p => p.SetEstimatedGainsAsync(gains, expectedVersion, user));

    public Task<ImprovementProjectView> ConfirmGainsAsync(string number, ProjectGains gains, long expectedVersion, string user) =>
        LeadAsync(number, user, p => p.ConfirmGainsAsync(gains, expectedVersion, user));

    public Task<ImprovementProjectView> SaveParameterChangeAsync(string number, ParameterChange change, long expectedVersion, string user) =>
        LeadAsync(number, user, p => p.SaveParameterChangeAsync(change, expectedVersion, user));

    public Task<ImprovementProjectView> RemoveParameterChangeAsync(string number, Guid changeId, long expectedVersion, string user) =>
        LeadAsync(number, user, p => p.RemoveParameterChangeAsync(changeId, expectedVersion, user));

    public Task<ImprovementProjectView> RequestGateAsync(string number, long expectedVersion, string user) =>
        MemberAsync(number, user, p => p.RequestGateAsync(expectedVersion, user));

    public Task<ImprovementProjectView> DecideGateAsync(string number, bool approve, string? comment, long expectedVersion, string user) =>
        MemberAsync(number, user, p => p.DecideGateAsync(approve, comment, expectedVersion, user));

    public Task<ImprovementProjectView> ApproveChangesAsync(string number, long expectedVersion, string user) =>
        MemberAsync(number, user, p => p.ApproveChangesAsync(expectedVersion, user));

    /// <summary>A lead's command: policy CanLeadProjects, rights flowed to the grain (which checks the person).</summary>
    private async Task<ImprovementProjectView> LeadAsync(string number, string user, Func<IImprovementProjectGrain, Task<ImprovementProjectView>> command)
    {
        await ctx.RequireAsync(user, Policies.CanLeadProjects);
        var (isAdmin, mayPlan) = await RightsAsync(user);
        using var actor = ActorContext.Set(isAdmin, mayPlan);
        return await command(Grain(number));
    }

    /// <summary>
    /// The acting user's rights, flowed to the grain with the call (re-read now, not taken from the circuit).
    /// The request context is set by the caller itself after this await (an async method's own AsyncLocal writes do not flow back).
    /// </summary>
    private async Task<(bool IsAdmin, bool MayPlan)> RightsAsync(string user) =>
        (await ctx.IsAdminAsync(user), await ctx.HasAsync(user, Policies.CanPlan));

    /// <summary>Sponsor, lead and team are users of the directory (no free text for a person).</summary>
    private async Task RequireUsersAsync(ProjectCharter charter)
    {
        var errors = new List<Collab.Contracts.RefusalReason>();
        if (string.IsNullOrWhiteSpace(charter.Sponsor))
        {
            errors.Add(new(Collab.Contracts.Refusal.PickRequired, Collab.Contracts.RefusalTerm.Sponsor));
        }

        if (string.IsNullOrWhiteSpace(charter.Lead))
        {
            errors.Add(new(Collab.Contracts.Refusal.PickRequired, Collab.Contracts.RefusalTerm.Lead));
        }

        var named = new[] { charter.Sponsor, charter.Lead }.Where(n => !string.IsNullOrWhiteSpace(n)).Concat(charter.Team ?? []);
        errors.AddRange((await people.UnknownAsync(named)).Select(u => new Collab.Contracts.RefusalReason(Collab.Contracts.Refusal.NotAUser, u)));
        if (errors.Count > 0)
        {
            throw new Collab.Contracts.CommandRejectedException(errors);
        }
    }

    /// <summary>A member's or the sponsor's command: any contributor role (the grain checks the person).</summary>
    private async Task<ImprovementProjectView> MemberAsync(string number, string user, Func<IImprovementProjectGrain, Task<ImprovementProjectView>> command)
    {
        await ctx.RequireContributorAsync(user);
        return await command(Grain(number));
    }

    public async Task<SimulationResult> SimulateAsync(string number, string user)
    {
        await ctx.RequireAsync(user, Policies.CanLeadProjects);
        return await Grain(number).SimulateAsync(ctx.Today, user);
    }

    public async Task<ActionItem> AddActionAsync(string number, NewAction action, string user)
    {
        await ctx.RequireContributorAsync(user);
        var owner = await people.RequireOwnerAsync(action.Owner);
        return await Grain(number).AddActionAsync(action with { Owner = owner }, user);
    }

    public async Task<ActionItem> SetActionStatusAsync(string number, ActionItem action, ActionStatus status, string user)
    {
        await ctx.RequireContributorAsync(user);
        return await Grain(number).SetActionStatusAsync(action.Id, status, action.Version, user);
    }

    public async Task<byte[]?> RenderA3Async(string number, System.Globalization.CultureInfo? culture = null)
    {
        var view = await Grain(number).GetAsync();
        if (view is null)
        {
            return null;
        }

        var info = await site.GetAsync();
        // The grain keeps logins; the sheet shows the names people know each other by.
        var named = view with
        {
            Lead = view.Lead is null ? null : people.Name(view.Lead),
            Sponsor = view.Sponsor is null ? null : people.Name(view.Sponsor),
            Team = [.. view.Team.Select(people.Name)],
            Actions = [.. view.Actions.Select(a => a with { Owner = people.Name(a.Owner) })],
        };
        return A3Pdf.Render(named, info.Name, ctx.Today, clock.GetUtcNow(), culture: culture);
    }
}
