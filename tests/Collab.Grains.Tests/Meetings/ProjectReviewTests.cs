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
        Assert.Equal([AgendaSource.ProjectPhase, AgendaSource.OverdueActions, AgendaSource.Kpis], opened.Agenda.Select(i => i.Source));
        Assert.Equal("Pdca.0", opened.Agenda[0].TitleArgument); // the phase as a key the UI words
        Assert.Contains(opened.Agenda[0].Lines, l => l.Kind == AgendaLineKind.GateCheck && l.Name == nameof(GateCheckKind.Context) && l.Status == "Missing" && l.Alert);
        Assert.Equal(v.Checklist.Count, opened.Agenda[0].Lines.Length);
        var late = Assert.Single(opened.Agenda[1].Lines);
        Assert.Equal(("Filmer un réglage", self, true, 3.0), (late.Name, late.Object!, late.Alert, late.Figure(0)!.Value));
        var kpiLine = Assert.Single(opened.Agenda[2].Lines);
        Assert.Equal(("Temps de réglage", "min", 15.0, 12.0, 7.0, true), (kpiLine.Name, kpiLine.Detail!, kpiLine.Figure(0)!.Value, kpiLine.Figure(1)!.Value, kpiLine.Figure(2)!.Value, kpiLine.Alert));
        var atOpen = Assert.Single(opened.KpisAtOpen);
        Assert.Equal(("Temps de réglage", "min", 12.0, 7.0, false), (atOpen.Name, atOpen.Unit, atOpen.Figure, atOpen.TargetFigure, atOpen.OnTarget));
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
        var atClose = Assert.Single(closed.KpisAtClose);
        Assert.Equal((6.5, true), (atClose.Figure!.Value, atClose.OnTarget!.Value));
        // The agenda lines keep the project's state at the review (the minutes word them, see the web tests).
        Assert.Contains(closed.Agenda.SelectMany(i => i.Lines), l => l is { Kind: AgendaLineKind.ProjectKpi, Name: "Temps de réglage" } && l.Figure(1) == 6.5);
        Assert.Equal(self, Assert.Single(closed.Actions).Origin);

        // The next review lists the open actions of this one first.
        var next = (await fixture.Grains.GetGrain<IMeetingGrain>(await series.StartMeetingAsync(Today.AddDays(7), "chef.projet")).GetAsync())!;
        Assert.Equal(AgendaSource.PreviousActions, next.Agenda[0].Source);
        Assert.Equal("Standardiser le réglage", Assert.Single(next.Agenda[0].Lines).Name);
        Assert.Equal(AgendaSource.ProjectPhase, next.Agenda[1].Source);
    }
}
