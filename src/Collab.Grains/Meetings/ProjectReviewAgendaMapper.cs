using System.Globalization;
using Collab.Contracts.Common;
using Collab.Contracts.Meetings;
using Collab.Contracts.Projects;

namespace Collab.Grains.Meetings;

/// <summary>
/// Pure mapping of a project's review data (<see cref="ProjectReviewAgenda"/>) to the agenda of a "revue de projet":
/// open actions of the previous review first (as the daily agenda does), then "Phase en cours : … — points de
/// passage" (the gate checklist, done / missing), "Actions en retard" and "Indicateurs" (baseline → last vs target,
/// a missed target raises the line's alert). Every line links to the project. No I/O, no clock.
/// </summary>
public static class ProjectReviewAgendaMapper
{
    private static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>
    /// The project as the grains key it (<c>SITE/NUMBER</c>): a series may name the project by its number alone
    /// (typed on the meetings page) or by its full key.
    /// </summary>
    public static ObjectRef ProjectRef(string site, ObjectRef project) =>
        new(ObjectKind.ImprovementProject, project.Id.Contains('/', StringComparison.Ordinal) ? project.Id : ProjectKey.Of(site, project.Id.Trim()));

    public static GeneratedAgenda Map(ProjectReviewAgenda review, ObjectRef project, IReadOnlyList<ActionItem> previousActions, DateOnly today)
    {
        var items = new List<AgendaItem>();

        if (previousActions.Count > 0)
        {
            items.Add(AgendaGenerator.Item(SqcdpCategory.People, AgendaSource.PreviousActions, "Actions ouvertes de la dernière réunion",
                [.. previousActions.Select(a => AgendaGenerator.ActionLine(a, today))]) with { Object = project });
        }

        AgendaLine[] checks = review.Checklist.Count == 0
            ? [new AgendaLine("Aucun point de passage pour cette phase.", null, project, false)]
            : [.. review.Checklist.Select(c => new AgendaLine(c.Label, c.Met ? "Fait" : "Manquant", project, !c.Met, null, c.Met ? "✓" : "✗"))];
        items.Add(AgendaGenerator.Item(SqcdpCategory.Quality, AgendaSource.ProjectPhase, $"Phase en cours : {review.PhaseName} — points de passage", checks) with { Object = project });

        var listed = previousActions.Select(a => a.Id).ToHashSet();
        var overdue = review.OverdueActions.Where(a => !listed.Contains(a.Id)).OrderBy(a => a.Due).ToList();
        AgendaLine[] late = overdue.Count == 0
            ? [new AgendaLine("Aucune action en retard.", null, project, false)]
            : [.. overdue.Select(a => new AgendaLine(a.Title, $"{(today.DayNumber - a.Due.DayNumber).ToString(Fr)} j de retard",
                a.Origin.Kind == ObjectKind.ImprovementProject ? project : a.Origin, true, AgendaGenerator.Date(a.Due), AgendaGenerator.StatusFr(a.Status.ToString()), Person: a.Owner))];
        items.Add(AgendaGenerator.Item(SqcdpCategory.People, AgendaSource.OverdueActions, "Actions en retard", late) with { Object = project });

        AgendaLine[] kpiLines = review.Kpis.Count == 0
            ? [new AgendaLine("Aucun indicateur défini.", null, project, false)]
            : [.. review.Kpis.Select(k => new AgendaLine(k.Name,
                $"{Number(k.Baseline)} → {(k.Last is { } l ? Number(l) : "—")} {k.Unit} (objectif {Number(k.Target)} {k.Unit})",
                project, Missed(k), null, k.Last is { } v ? $"{Number(v)} {k.Unit}" : "non mesuré"))];
        items.Add(AgendaGenerator.Item(SqcdpCategory.Delivery, AgendaSource.Kpis, "Indicateurs", kpiLines) with { Object = project });

        return new GeneratedAgenda([.. items], Kpis(review), null);
    }

    /// <summary>The project's KPIs as meeting KPIs: last measure against the target (no verdict before a first measure).</summary>
    public static MeetingKpi[] Kpis(ProjectReviewAgenda review) =>
        [.. review.Kpis.Select(k => new MeetingKpi($"{k.Name} ({k.Unit})", k.Last is { } v ? Number(v) : "—", Number(k.Target), k.Last is null ? null : k.TargetReached))];

    /// <summary>A measured KPI that has not reached its target.</summary>
    public static bool Missed(ReviewKpi k) => k.Last is not null && !k.TargetReached;

    /// <summary>Title of the minutes of a meeting: a project review always reads "Revue de projet — …".</summary>
    public static string MinutesTitle(MeetingType type, string title) =>
        type == MeetingType.ProjectReview && !title.StartsWith("Revue de projet", StringComparison.OrdinalIgnoreCase) ? $"Revue de projet — {title}" : title;

    /// <summary>
    /// What the minutes of a project review keep of an item besides its notes: its lines as they stood (checklist
    /// done / missing, overdue actions, KPI values), so the record shows the project's state at the review.
    /// </summary>
    public static string[] MinutesLines(AgendaItem item) =>
        [.. item.Lines.Select(l => string.Join(" — ", new[] { l.Label, l.Detail, l.Date, item.Source is AgendaSource.ProjectPhase or AgendaSource.Kpis ? null : l.Value }
            .Where(x => !string.IsNullOrWhiteSpace(x))))];

    private static string Number(double v) => v.ToString("0.##", Fr);
}
