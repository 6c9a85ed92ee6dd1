using Collab.Contracts.Projects;

namespace Collab.Grains.Projects;

/// <summary>
/// Phase-gate checklists of each method: what must be filled in before the sponsor can let the project
/// into the next phase. Pure: reads the project view only.
/// </summary>
public static class ProjectRules
{
    private enum Check
    {
        Team,
        Context,
        Current,
        Target,
        Kpi,
        RootCause,
        Analysis,
        Countermeasures,
        Actions,
        EstimatedGains,
        ActionsDone,
        ChangesApplied,
        Measured,
        FollowUp,
        ConfirmedGains,
        Results,
    }

    private static IReadOnlyList<Check> ChecksOf(ProjectMethod method, int phase) => (method, phase) switch
    {
        (ProjectMethod.Pdca, 0) => [Check.Team, Check.Context, Check.Current, Check.Target, Check.Kpi, Check.RootCause, Check.Analysis, Check.Countermeasures, Check.Actions, Check.EstimatedGains],
        (ProjectMethod.Pdca, 1) => [Check.ActionsDone, Check.ChangesApplied],
        (ProjectMethod.Pdca, 2) => [Check.Measured, Check.FollowUp, Check.ConfirmedGains],
        (ProjectMethod.Pdca, _) => [Check.Results],
        (ProjectMethod.Dmaic, 0) => [Check.Team, Check.Context, Check.Target, Check.Kpi],
        (ProjectMethod.Dmaic, 1) => [Check.Current, Check.Measured],
        (ProjectMethod.Dmaic, 2) => [Check.RootCause, Check.Analysis, Check.EstimatedGains],
        (ProjectMethod.Dmaic, 3) => [Check.Countermeasures, Check.Actions, Check.ActionsDone, Check.ChangesApplied],
        (ProjectMethod.Dmaic, _) => [Check.FollowUp, Check.ConfirmedGains, Check.Results],
        (_, 0) => [Check.Team],
        (_, 1) => [Check.Context, Check.Current, Check.Kpi],
        (_, 2) => [Check.Actions],
        (_, 3) => [Check.RootCause, Check.Analysis],
        (_, 4) => [Check.Countermeasures, Check.EstimatedGains],
        (_, 5) => [Check.ActionsDone, Check.ChangesApplied, Check.Measured],
        (_, 6) => [Check.FollowUp, Check.ConfirmedGains],
        _ => [Check.Results],
    };

    /// <summary>The checklist of the current phase gate (empty for ideas and closed projects).</summary>
    public static IReadOnlyList<GateCheck> Checklist(ImprovementProjectView p)
    {
        if (p.Status != ProjectStatus.Active)
        {
            return [];
        }

        return [.. ChecksOf(p.Method, p.Phase).Select(c => new GateCheck(Label(c), IsMet(c, p)))];
    }

    private static bool Filled(ImprovementProjectView p, A3Section s) => p.Section(s).Trim().Length > 0;

    private static bool IsMet(Check c, ImprovementProjectView p) => c switch
    {
        Check.Team => !string.IsNullOrWhiteSpace(p.Sponsor) && !string.IsNullOrWhiteSpace(p.Lead) && p.Team.Count > 0,
        Check.Context => Filled(p, A3Section.Context),
        Check.Current => Filled(p, A3Section.CurrentSituation),
        Check.Target => Filled(p, A3Section.Target),
        Check.Kpi => p.Kpis.Count > 0,
        Check.RootCause => p.Whys.Any(w => !string.IsNullOrWhiteSpace(w.RootCause)) || p.Ishikawa.Causes.Count >= 3,
        Check.Analysis => Filled(p, A3Section.RootCauseAnalysis),
        Check.Countermeasures => Filled(p, A3Section.Countermeasures),
        Check.Actions => p.Actions.Any(a => a.Status != Collab.Contracts.Common.ActionStatus.Cancelled),
        Check.EstimatedGains => p.EstimatedGains is { IsZero: false },
        Check.ActionsDone => p.Actions.Count > 0 && p.Actions.All(a => !a.IsOpen),
        Check.ChangesApplied => p.Changes.Count == 0 || p.ChangesAppliedAt is not null,
        Check.Measured => p.Kpis.Any(k => k.Measures.Count > 0),
        Check.FollowUp => Filled(p, A3Section.FollowUp),
        Check.ConfirmedGains => p.ConfirmedGains is not null,
        _ => Filled(p, A3Section.Results),
    };

    private static string Label(Check c) => c switch
    {
        Check.Team => "Sponsor, chef de projet et équipe désignés",
        Check.Context => "Contexte renseigné",
        Check.Current => "Situation actuelle décrite",
        Check.Target => "Cible définie",
        Check.Kpi => "Au moins un indicateur (départ et cible)",
        Check.RootCause => "Cause racine identifiée (5 pourquoi ou Ishikawa d'au moins 3 causes)",
        Check.Analysis => "Analyse des causes rédigée",
        Check.Countermeasures => "Contre-mesures décrites",
        Check.Actions => "Plan d'actions : au moins une action",
        Check.EstimatedGains => "Gains estimés",
        Check.ActionsDone => "Toutes les actions soldées",
        Check.ChangesApplied => "Modifications de paramètres appliquées",
        Check.Measured => "Au moins une mesure d'indicateur",
        Check.FollowUp => "Suivi renseigné",
        Check.ConfirmedGains => "Gains confirmés",
        _ => "Résultats rédigés",
    };
}
