using Collab.Contracts.Common;

namespace Collab.Contracts.Projects;

/// <summary>
/// A continuous-improvement project, from idea to closure. Key: "{site}/{number}", e.g. "DEMO/PRJ-2026-0001"
/// (see <see cref="ProjectKey"/>). Every command persists, appends history and publishes a change event;
/// refused commands throw <see cref="CommandRejectedException"/> with typed reasons (<see cref="Refusal"/>).
/// </summary>
[Alias("Collab.IImprovementProjectGrain")]
public interface IImprovementProjectGrain : IGrainWithStringKey, IHoldsActions, IHasHistory
{
    [Alias("SubmitIdea")]
    Task<ImprovementProjectView> SubmitIdeaAsync(string title, string description, string user);

    [Alias("Get")]
    Task<ImprovementProjectView?> GetAsync();

    [Alias("GetHistory")]
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync();

    /// <summary>Turns the idea into a project (method, sponsor, lead, team, target date, scope).</summary>
    [Alias("Accept")]
    Task<ImprovementProjectView> AcceptAsync(ProjectCharter charter, long expectedVersion, string user);

    [Alias("RejectIdea")]
    Task<ImprovementProjectView> RejectIdeaAsync(string reason, long expectedVersion, string user);

    /// <summary>Changes team, target date or scope of an accepted project.</summary>
    [Alias("UpdateCharter")]
    Task<ImprovementProjectView> UpdateCharterAsync(ProjectCharter charter, long expectedVersion, string user);

    [Alias("SetA3Section")]
    Task<ImprovementProjectView> SetA3SectionAsync(A3Section section, string text, long expectedVersion, string user);

    [Alias("SaveWhyChain")]
    Task<ImprovementProjectView> SaveWhyChainAsync(WhyChain chain, long expectedVersion, string user);

    [Alias("RemoveWhyChain")]
    Task<ImprovementProjectView> RemoveWhyChainAsync(Guid chainId, long expectedVersion, string user);

    [Alias("SetIshikawa")]
    Task<ImprovementProjectView> SetIshikawaEffectAsync(string effect, bool sixM, long expectedVersion, string user);

    [Alias("AddCause")]
    Task<ImprovementProjectView> AddCauseAsync(IshikawaCategory category, string text, long expectedVersion, string user);

    [Alias("RemoveCause")]
    Task<ImprovementProjectView> RemoveCauseAsync(Guid causeId, long expectedVersion, string user);

    [Alias("AddKpi")]
    Task<ImprovementProjectView> AddKpiAsync(string name, string unit, double baseline, double target, long expectedVersion, string user);

    [Alias("AddMeasure")]
    Task<ImprovementProjectView> AddMeasureAsync(Guid kpiId, DateOnly date, double value, long expectedVersion, string user);

    [Alias("SetEstimatedGains")]
    Task<ImprovementProjectView> SetEstimatedGainsAsync(ProjectGains gains, long expectedVersion, string user);

    /// <summary>Allowed from the "Check" phase (Check / Contrôler / D6) on.</summary>
    [Alias("ConfirmGains")]
    Task<ImprovementProjectView> ConfirmGainsAsync(ProjectGains gains, long expectedVersion, string user);

    /// <summary>Adds or replaces a planning-parameter change (validated against the site's master data).</summary>
    [Alias("SaveChange")]
    Task<ImprovementProjectView> SaveParameterChangeAsync(ParameterChange change, long expectedVersion, string user);

    [Alias("RemoveChange")]
    Task<ImprovementProjectView> RemoveParameterChangeAsync(Guid changeId, long expectedVersion, string user);

    /// <summary>
    /// What-if plan run on a copy of the site's current master data and open orders, with and without the changes.
    /// Touches neither the real plan nor the master data; the result is kept on the project.
    /// </summary>
    [Alias("Simulate")]
    Task<SimulationResult> SimulateAsync(DateOnly today, string user);

    /// <summary>Sponsor only: approves the parameter changes for application.</summary>
    [Alias("ApproveChanges")]
    Task<ImprovementProjectView> ApproveChangesAsync(long expectedVersion, string user);

    /// <summary>Writes the approved changes to the master data (site routings/items, workstation calendars), the project as origin.</summary>
    [Alias("ApplyChanges")]
    Task<ImprovementProjectView> ApplyChangesAsync(long expectedVersion, string user);

    /// <summary>Lead or team: asks the sponsor to pass the current phase gate; refused with the unmet checklist items.</summary>
    [Alias("RequestGate")]
    Task<ImprovementProjectView> RequestGateAsync(long expectedVersion, string user);

    /// <summary>Sponsor only: approves (next phase, or closure after the last) or sends back the pending gate.</summary>
    [Alias("DecideGate")]
    Task<ImprovementProjectView> DecideGateAsync(bool approve, string? comment, long expectedVersion, string user);

    /// <summary>Agenda data of a "revue de projet".</summary>
    [Alias("GetReviewAgenda")]
    Task<ProjectReviewAgenda> GetReviewAgendaAsync(DateOnly today);
}

/// <summary>Read model of the site's projects (the portfolio) and the project numbering. Key: site code.</summary>
[Alias("Collab.IProjectPortfolioGrain")]
public interface IProjectPortfolioGrain : IGrainWithStringKey
{
    /// <summary>Hands out the next project number ("PRJ-2026-0001"), persisted before it is returned.</summary>
    [Alias("NextNumber")]
    Task<string> NextNumberAsync(int year);

    /// <summary>
    /// Hands out the next idea reference ("IDEE-2026-0001") — ideas consume no project number until accepted —
    /// unless <paramref name="user"/> already submitted <paramref name="maxPerDay"/> ideas in the last 24 hours
    /// (refused with <see cref="CommandRejectedException"/> saying when the next one is possible).
    /// </summary>
    [Alias("NextIdea")]
    Task<string> NextIdeaReferenceAsync(int year, string user, DateTimeOffset now, int maxPerDay);

    /// <summary>Stores the card unless a newer version is already known.</summary>
    [Alias("Upsert")]
    Task UpsertAsync(ProjectSummary summary);

    [Alias("Query")]
    Task<IReadOnlyList<ProjectSummary>> QueryAsync(PortfolioQuery query);
}

public static class ProjectKey
{
    public static string Of(string site, string number) => $"{site}/{number}";

    public static (string Site, string Number) Parse(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? ("DEMO", key) : (key[..slash], key[(slash + 1)..]);
    }
}
