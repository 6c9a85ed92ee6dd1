using Collab.Contracts.Common;
using Collab.Contracts.Projects;
using Collab.Infrastructure.Pdf;
using Collab.Web.Identity;

namespace Collab.Web.Services;

/// <summary>
/// Continuous-improvement projects for the pages: portfolio, project commands, what-if simulation, A3 PDF.
/// Ideas can be submitted by every signed-in user; project work needs <see cref="Policies.CanLeadProjects"/>;
/// the sponsor's decisions (gates, approval of changes) and actions need a contributor role — the grain
/// checks that the user really is the sponsor / a member.
/// </summary>
public interface IProjectService
{
    Task<IReadOnlyList<ProjectSummary>> ListAsync(PortfolioQuery query);

    Task<ImprovementProjectView?> GetAsync(string number);

    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string number);

    Task<ProjectReviewAgenda> GetReviewAgendaAsync(string number);

    Task<ImprovementProjectView> SubmitIdeaAsync(string title, string description, string user);

    /// <summary>Runs a lead's command on a project (policy CanLeadProjects).</summary>
    Task<ImprovementProjectView> LeadAsync(string number, string user, Func<IImprovementProjectGrain, Task<ImprovementProjectView>> command);

    /// <summary>Runs a sponsor's decision or a member's command (any contributor; the grain checks the person).</summary>
    Task<ImprovementProjectView> DecideAsync(string number, string user, Func<IImprovementProjectGrain, Task<ImprovementProjectView>> command);

    Task<SimulationResult> SimulateAsync(string number, string user);

    Task<ActionItem> AddActionAsync(string number, NewAction action, string user);

    Task<ActionItem> SetActionStatusAsync(string number, ActionItem action, ActionStatus status, string user);

    /// <summary>The A3 sheet as a one-page A3 landscape PDF (French).</summary>
    Task<byte[]?> RenderA3Async(string number);

    DateOnly Today { get; }
}

internal sealed class ProjectService(PlanContext ctx, SiteService site, TimeProvider clock) : IProjectService
{
    public DateOnly Today => ctx.Today;

    private IImprovementProjectGrain Grain(string number) => ctx.Grains.GetGrain<IImprovementProjectGrain>(ProjectKey.Of(ctx.Site, number));

    private IProjectPortfolioGrain Portfolio => ctx.Grains.GetGrain<IProjectPortfolioGrain>(ctx.Site);

    public Task<IReadOnlyList<ProjectSummary>> ListAsync(PortfolioQuery query) => Portfolio.QueryAsync(query);

    public Task<ImprovementProjectView?> GetAsync(string number) => Grain(number).GetAsync();

    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string number) => Grain(number).GetHistoryAsync();

    public Task<ProjectReviewAgenda> GetReviewAgendaAsync(string number) => Grain(number).GetReviewAgendaAsync(ctx.Today);

    public async Task<ImprovementProjectView> SubmitIdeaAsync(string title, string description, string user)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new Collab.Contracts.CommandRejectedException("Le titre de l'idée est obligatoire (200 caractères au plus).");
        }

        var number = await Portfolio.NextNumberAsync(ctx.Today.Year);
        return await Grain(number).SubmitIdeaAsync(title, description, user);
    }

    public async Task<ImprovementProjectView> LeadAsync(string number, string user, Func<IImprovementProjectGrain, Task<ImprovementProjectView>> command)
    {
        await ctx.RequireAsync(user, Policies.CanLeadProjects);
        return await command(Grain(number));
    }

    public async Task<ImprovementProjectView> DecideAsync(string number, string user, Func<IImprovementProjectGrain, Task<ImprovementProjectView>> command)
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
        return await Grain(number).AddActionAsync(action, user);
    }

    public async Task<ActionItem> SetActionStatusAsync(string number, ActionItem action, ActionStatus status, string user)
    {
        await ctx.RequireContributorAsync(user);
        return await Grain(number).SetActionStatusAsync(action.Id, status, action.Version, user);
    }

    public async Task<byte[]?> RenderA3Async(string number)
    {
        var view = await Grain(number).GetAsync();
        if (view is null)
        {
            return null;
        }

        var info = await site.GetAsync();
        return A3Pdf.Render(view, info.Name, ctx.Today, clock.GetUtcNow());
    }
}

public static class ProjectEndpoints
{
    /// <summary>GET /improvement-projects/{number}/a3.pdf — the A3 sheet (signed-in users, by the fallback policy).</summary>
    public static IEndpointRouteBuilder MapProjectEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/improvement-projects/{number}/a3.pdf", async (string number, IProjectService projects) =>
            await projects.RenderA3Async(number) is { } pdf
                ? Results.File(pdf, "application/pdf", $"A3-{number}.pdf")
                : Results.NotFound());
        return app;
    }
}
