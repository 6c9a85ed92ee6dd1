using System.Globalization;
using Collab.Contracts.Projects;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Projects;

/// <summary>
/// The site's project portfolio: one card per project, pushed by the project grain after every persisted
/// change (newest version wins), and the project numbering. Key: site code.
/// </summary>
public sealed class ProjectPortfolioGrain(
    [PersistentState("portfolio")] IPersistentState<PortfolioState> state) : Grain, IProjectPortfolioGrain
{
    async Task<string> IProjectPortfolioGrain.NextNumberAsync(int year)
    {
        var n = await state.SaveAsync(this, s => s.Counters[year] = s.Counters.GetValueOrDefault(year) + 1);

        return string.Create(CultureInfo.InvariantCulture, $"PRJ-{year:0000}-{n:0000}");
    }

    async Task<string> IProjectPortfolioGrain.NextIdeaReferenceAsync(int year, string user, DateTimeOffset now, int maxPerDay)
    {
        var key = user.Trim().ToLowerInvariant();
        var recent = Collab.Domain.People.IdeaQuota.Recent(state.State.IdeaSubmissions.GetValueOrDefault(key) ?? [], now);
        if (Collab.Domain.People.IdeaQuota.NextAllowedAt(recent, now, maxPerDay) is { } next)
        {
            throw new Collab.Contracts.CommandRejectedException(Collab.Contracts.Refusal.IdeaQuota, maxPerDay, next);
        }

        var n = await state.SaveAsync(this, s =>
        {
            s.IdeaSubmissions[key] = [.. recent, now];
            return s.IdeaCounters[year] = s.IdeaCounters.GetValueOrDefault(year) + 1;
        });

        return string.Create(CultureInfo.InvariantCulture, $"IDEE-{year:0000}-{n:0000}");
    }

    Task IProjectPortfolioGrain.UpsertAsync(ProjectSummary summary) =>
        state.SaveIfChangedAsync(this, s => ReadModel.UpsertNewer(s.Projects, summary.Id, summary, p => p.Version));

    Task<IReadOnlyList<ProjectSummary>> IProjectPortfolioGrain.QueryAsync(PortfolioQuery query) =>
        Task.FromResult<IReadOnlyList<ProjectSummary>>([.. state.State.Projects.Values
            .Where(p => query.Lead is null || string.Equals(p.Lead, query.Lead, StringComparison.OrdinalIgnoreCase))
            .Where(p => query.Method is null || (p.Status != ProjectStatus.Idea && p.Method == query.Method))
            .Where(p => query.IncludeClosed || p.Status is ProjectStatus.Idea or ProjectStatus.Active)
            .OrderBy(p => p.Id, StringComparer.Ordinal)]);
}

[GenerateSerializer, Alias("Collab.PortfolioState")]
public sealed class PortfolioState
{
    [Id(0)] public Dictionary<string, ProjectSummary> Projects { get; set; } = [];
    [Id(1)] public Dictionary<int, int> Counters { get; set; } = [];
    /// <summary>Idea references per year (ideas consume no project number).</summary>
    [Id(2)] public Dictionary<int, int> IdeaCounters { get; set; } = [];
    /// <summary>Per user (lower-case login): submission times of the last 24 hours (the idea quota).</summary>
    [Id(3)] public Dictionary<string, List<DateTimeOffset>> IdeaSubmissions { get; set; } = [];
}
