using Collab.Contracts.Projects;

namespace Collab.Domain.Projects;

/// <summary>
/// Phase-gate checklists of each method: what must be filled in before the sponsor can let the project
/// into the next phase. Pure: reads the project view only.
/// </summary>
public static class ProjectRules
{
    private static IReadOnlyList<GateCheckKind> ChecksOf(ProjectMethod method, int phase) => (method, phase) switch
    {
        (ProjectMethod.Pdca, 0) => [GateCheckKind.Team, GateCheckKind.Context, GateCheckKind.Current, GateCheckKind.Target, GateCheckKind.Kpi, GateCheckKind.RootCause, GateCheckKind.Analysis, GateCheckKind.Countermeasures, GateCheckKind.Actions, GateCheckKind.EstimatedGains],
        (ProjectMethod.Pdca, 1) => [GateCheckKind.ActionsDone, GateCheckKind.ChangesApplied],
        (ProjectMethod.Pdca, 2) => [GateCheckKind.Measured, GateCheckKind.FollowUp, GateCheckKind.ConfirmedGains],
        (ProjectMethod.Pdca, _) => [GateCheckKind.Results],
        (ProjectMethod.Dmaic, 0) => [GateCheckKind.Team, GateCheckKind.Context, GateCheckKind.Target, GateCheckKind.Kpi],
        (ProjectMethod.Dmaic, 1) => [GateCheckKind.Current, GateCheckKind.Measured],
        (ProjectMethod.Dmaic, 2) => [GateCheckKind.RootCause, GateCheckKind.Analysis, GateCheckKind.EstimatedGains],
        (ProjectMethod.Dmaic, 3) => [GateCheckKind.Countermeasures, GateCheckKind.Actions, GateCheckKind.ActionsDone, GateCheckKind.ChangesApplied],
        (ProjectMethod.Dmaic, _) => [GateCheckKind.FollowUp, GateCheckKind.ConfirmedGains, GateCheckKind.Results],
        (_, 0) => [GateCheckKind.Team],
        (_, 1) => [GateCheckKind.Context, GateCheckKind.Current, GateCheckKind.Kpi],
        (_, 2) => [GateCheckKind.Actions],
        (_, 3) => [GateCheckKind.RootCause, GateCheckKind.Analysis],
        (_, 4) => [GateCheckKind.Countermeasures, GateCheckKind.EstimatedGains],
        (_, 5) => [GateCheckKind.ActionsDone, GateCheckKind.ChangesApplied, GateCheckKind.Measured],
        (_, 6) => [GateCheckKind.FollowUp, GateCheckKind.ConfirmedGains],
        _ => [GateCheckKind.Results],
    };

    /// <summary>The checklist of the current phase gate (empty for ideas and closed projects).</summary>
    public static IReadOnlyList<GateCheck> Checklist(ImprovementProjectView p)
    {
        if (p.Status != ProjectStatus.Active)
        {
            return [];
        }

        // Typed: the label is the kind's name; the page, the meeting agenda and the A3 word the kind ("PL.Gate.*").
        return [.. ChecksOf(p.Method, p.Phase).Select(c => new GateCheck(c.ToString(), IsMet(c, p), c))];
    }

    private static bool Filled(ImprovementProjectView p, A3Section s) => p.Section(s).Trim().Length > 0;

    private static bool IsMet(GateCheckKind c, ImprovementProjectView p) => c switch
    {
        GateCheckKind.Team => !string.IsNullOrWhiteSpace(p.Sponsor) && !string.IsNullOrWhiteSpace(p.Lead) && p.Team.Count > 0,
        GateCheckKind.Context => Filled(p, A3Section.Context),
        GateCheckKind.Current => Filled(p, A3Section.CurrentSituation),
        GateCheckKind.Target => Filled(p, A3Section.Target),
        GateCheckKind.Kpi => p.Kpis.Count > 0,
        GateCheckKind.RootCause => p.Whys.Any(w => !string.IsNullOrWhiteSpace(w.RootCause)) || p.Ishikawa.Causes.Count >= 3,
        GateCheckKind.Analysis => Filled(p, A3Section.RootCauseAnalysis),
        GateCheckKind.Countermeasures => Filled(p, A3Section.Countermeasures),
        GateCheckKind.Actions => p.Actions.Any(a => a.Status != Collab.Contracts.Common.ActionStatus.Cancelled),
        GateCheckKind.EstimatedGains => p.EstimatedGains is { IsZero: false },
        GateCheckKind.ActionsDone => p.Actions.Count > 0 && p.Actions.All(a => !a.IsOpen),
        GateCheckKind.ChangesApplied => p.Changes.Count == 0 || p.ChangesAppliedAt is not null,
        GateCheckKind.Measured => p.Kpis.Any(k => k.Measures.Count > 0),
        GateCheckKind.FollowUp => Filled(p, A3Section.FollowUp),
        GateCheckKind.ConfirmedGains => p.ConfirmedGains is not null,
        _ => Filled(p, A3Section.Results),
    };
}
