using Collab.Contracts.Common;
using Collab.Contracts.Meetings;
using Collab.Contracts.Projects;
using Collab.Grains.Meetings;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests.Meetings;

/// <summary>"Revue de projet": a ProjectReview meeting takes its agenda from the improvement project, not from the plant.</summary>
[Collection("cluster")]
public sealed class ProjectReviewTests(ClusterFixture fixture)
{
    private static readonly DateOnly Day = new(2026, 11, 23);

    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    private static ActionItem Action(string title, DateOnly due, ObjectRef origin, ObjectRef? meeting = null) =>
        new(Guid.NewGuid(), title, null, "methodes", due, ActionPriority.Normal, ActionStatus.ToDo, origin, meeting, [], "chef.projet", DateTimeOffset.UnixEpoch, null, null, 1);

    [Fact]
    public void Mapper_lists_previous_actions_first_then_phase_checklist_overdue_actions_and_kpis_all_linked_to_the_project()
    {
        var project = new ObjectRef(ObjectKind.ImprovementProject, "S1/PRJ-2026-0007");
        var fromLastReview = Action("Chiffrer le SMED", Day.AddDays(-2), project, new ObjectRef(ObjectKind.Meeting, "m1"));
        var overdue = Action("Filmer un réglage", Day.AddDays(-5), project);
        var review = new ProjectReviewAgenda("PRJ-2026-0007", "Réglages banc", ProjectMethod.Pdca, "Plan",
            [new GateCheck("Contexte renseigné", true), new GateCheck("Gains estimés", false)],
            [overdue, fromLastReview],
            [new ReviewKpi("Temps de réglage", "min", 15, 7, 11.5, false), new ReviewKpi("Taux de rebut", "%", 4, 2, 1.8, true), new ReviewKpi("OTD banc", "%", 80, 95, null, false)],
            "chef.projet", "directeur");

        var agenda = ProjectReviewAgendaMapper.Map(review, project, [fromLastReview], Day);

        Assert.Equal([AgendaSource.PreviousActions, AgendaSource.ProjectPhase, AgendaSource.OverdueActions, AgendaSource.Kpis], agenda.Items.Select(i => i.Source));
        Assert.Equal("Chiffrer le SMED", Assert.Single(agenda.Items[0].Lines).Label);
        var phase = agenda.Items[1];
        Assert.Equal("Phase en cours : Plan — points de passage", phase.Title);
        Assert.Equal([("Contexte renseigné", "Fait", false), ("Gains estimés", "Manquant", true)], phase.Lines.Select(l => (l.Label, l.Detail!, l.Alert)));
        // the action of the last review is not repeated among the overdue ones
        var late = Assert.Single(agenda.Items[2].Lines);
        Assert.Equal(("Filmer un réglage", "18/11/2026", true), (late.Label, late.Date!, late.Alert));
        Assert.Contains("5 j de retard", late.Detail, StringComparison.Ordinal);
        var kpis = agenda.Items[3].Lines;
        Assert.Equal("15 → 11,5 min (objectif 7 min)", kpis[0].Detail);
        Assert.Equal([true, false, false], kpis.Select(l => l.Alert)); // missed in red; reached or not yet measured: no alert
        Assert.Equal("non mesuré", kpis[2].Value);
        Assert.All(agenda.Items.Skip(1).SelectMany(i => i.Lines), l => Assert.Equal(project, l.Object));
        Assert.All(agenda.Items, i => Assert.Equal(project, i.Object));
        Assert.Equal([false, true, null], agenda.Kpis.Select(k => k.OnTarget));
        Assert.Equal("Temps de réglage (min)", agenda.Kpis[0].Name);
        Assert.Null(agenda.PlanRunId);

        // nothing to say is said honestly, the items stay
        var empty = ProjectReviewAgendaMapper.Map(review with { Checklist = [], OverdueActions = [], Kpis = [] }, project, [], Day);
        Assert.Equal(["Aucun point de passage pour cette phase.", "Aucune action en retard.", "Aucun indicateur défini."], empty.Items.Select(i => Assert.Single(i.Lines).Label));
        Assert.All(empty.Items.SelectMany(i => i.Lines), l => Assert.False(l.Alert));

        Assert.Equal(project, ProjectReviewAgendaMapper.ProjectRef("S1", new ObjectRef(ObjectKind.ImprovementProject, "PRJ-2026-0007")));
        Assert.Equal(project, ProjectReviewAgendaMapper.ProjectRef("OTHER", project));
        Assert.Equal("Revue de projet — Réglages banc", ProjectReviewAgendaMapper.MinutesTitle(MeetingType.ProjectReview, "Réglages banc"));
        Assert.Equal("Revue de projet — Réglages banc", ProjectReviewAgendaMapper.MinutesTitle(MeetingType.ProjectReview, "Revue de projet — Réglages banc"));
        Assert.Equal("Réunion de production", ProjectReviewAgendaMapper.MinutesTitle(MeetingType.DailyProduction, "Réunion de production"));
    }

    [Fact]
    public async Task Review_meeting_opens_with_the_project_agenda_refreshes_closes_with_project_kpis_and_carries_its_actions_to_the_next_review()
    {
        var site = "R" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var number = await fixture.Grains.GetGrain<IProjectPortfolioGrain>(site).NextNumberAsync(Today.Year);
        var key = ProjectKey.Of(site, number);
        var project = fixture.Grains.GetGrain<IImprovementProjectGrain>(key);
        var v = await project.SubmitIdeaAsync("Réduire les réglages du banc", "Le banc sature.", "operateur");
        v = await project.AcceptAsync(new ProjectCharter(ProjectMethod.Pdca, "directeur", "chef.projet", ["methodes"], Today.AddDays(90), "Poste ESS-01"), v.Version, "chef.projet");
        v = await project.AddKpiAsync("Temps de réglage", "min", 15, 7, v.Version, "chef.projet");
        var kpi = v.Kpis.Single().Id;
        v = await project.AddMeasureAsync(kpi, Today.AddDays(-1), 12, v.Version, "chef.projet");
        await project.AddActionAsync(new NewAction("Filmer un réglage", null, "methodes", Today.AddDays(-3), ActionPriority.High, null), "chef.projet");

        // The series names the project by its number, as typed on the meetings page.
        var series = fixture.Grains.GetGrain<IMeetingSeriesGrain>(MeetingRules.NewSeriesId());
        await series.CreateAsync(site, new MeetingSeriesDefinition(MeetingType.ProjectReview, "Revue de projet — Réglages banc", new TimeOnly(10, 0), 45,
            [DayOfWeek.Monday], null, "chef.projet", [new MeetingAttendee("chef.projet", "Chef de projet", null, false)], new ObjectRef(ObjectKind.ImprovementProject, number)), "chef.projet");
        var id = await series.StartMeetingAsync(Today, "chef.projet");
        var meeting = fixture.Grains.GetGrain<IMeetingGrain>(id);
        var opened = (await meeting.GetAsync())!;

        var self = new ObjectRef(ObjectKind.ImprovementProject, key);
        Assert.Equal(MeetingType.ProjectReview, opened.Type);
        Assert.Equal(["Phase en cours : Plan — points de passage", "Actions en retard", "Indicateurs"], opened.Agenda.Select(i => i.Title));
        Assert.Contains(opened.Agenda[0].Lines, l => l.Label == "Contexte renseigné" && l.Detail == "Manquant" && l.Alert);
        Assert.Equal(v.Checklist.Count, opened.Agenda[0].Lines.Length);
        var late = Assert.Single(opened.Agenda[1].Lines);
        Assert.Equal(("Filmer un réglage", self, true), (late.Label, late.Object!, late.Alert));
        var kpiLine = Assert.Single(opened.Agenda[2].Lines);
        Assert.Equal(("Temps de réglage", "15 → 12 min (objectif 7 min)", true), (kpiLine.Label, kpiLine.Detail!, kpiLine.Alert));
        Assert.Equal(new MeetingKpi("Temps de réglage (min)", "12", "7", false), Assert.Single(opened.KpisAtOpen));
        Assert.DoesNotContain(opened.Agenda, i => i.Source is AgendaSource.LateCustomerOrders or AgendaSource.OverloadedWorkstations or AgendaSource.PlanChanges);

        // Refresh keeps notes and reads the project again: the target is now reached.
        await meeting.AddNoteAsync(opened.Agenda[2].Id, "Essai SMED concluant", "chef.projet");
        v = (await project.GetAsync())!;
        await project.AddMeasureAsync(kpi, Today, 6.5, v.Version, "chef.projet");
        var refreshed = await meeting.RefreshAgendaAsync("chef.projet");
        Assert.Equal(3, refreshed.Agenda.Count);
        Assert.Equal(opened.Agenda[2].Id, refreshed.Agenda[2].Id);
        Assert.Single(refreshed.Agenda[2].Notes);
        Assert.False(Assert.Single(refreshed.Agenda[2].Lines).Alert);

        // An action decided in the review lives on the project and references the meeting.
        var decided = await project.AddActionAsync(new NewAction("Standardiser le réglage", null, "methodes", Today.AddDays(2), ActionPriority.Normal, new ObjectRef(ObjectKind.Meeting, id)), "chef.projet");
        await meeting.RecordActionAsync(refreshed.Agenda[1].Id, decided, "chef.projet");

        var closed = await meeting.CloseAsync("chef.projet");
        Assert.Equal(new MeetingKpi("Temps de réglage (min)", "6,5", "7", true), Assert.Single(closed.KpisAtClose));
        // What the minutes keep of each item (besides notes and decisions): the project's state at the review.
        var minutes = closed.Agenda.SelectMany(ProjectReviewAgendaMapper.MinutesLines).ToList();
        Assert.Contains("Contexte renseigné — Manquant", minutes);
        Assert.Contains(minutes, l => l.StartsWith("Filmer un réglage — methodes – 3 j de retard — ", StringComparison.Ordinal));
        Assert.Contains("Temps de réglage — 15 → 6,5 min (objectif 7 min)", minutes);
        Assert.Equal("Revue de projet — Réglages banc", ProjectReviewAgendaMapper.MinutesTitle(closed.Type, closed.Title));
        Assert.Equal(self, Assert.Single(closed.Actions).Origin);

        // The next review lists the open actions of this one first.
        var next = (await fixture.Grains.GetGrain<IMeetingGrain>(await series.StartMeetingAsync(Today.AddDays(7), "chef.projet")).GetAsync())!;
        Assert.Equal(AgendaSource.PreviousActions, next.Agenda[0].Source);
        Assert.Equal("Standardiser le réglage", Assert.Single(next.Agenda[0].Lines).Label);
        Assert.Equal(AgendaSource.ProjectPhase, next.Agenda[1].Source);
    }
}
