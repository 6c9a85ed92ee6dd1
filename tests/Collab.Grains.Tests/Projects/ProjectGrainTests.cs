using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Notifications;
using Collab.Contracts.Projects;
using Collab.Contracts.Sites;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests.Projects;

[Collection("cluster")]
public sealed class ProjectGrainTests(ClusterFixture fixture)
{
    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    private async Task<(IImprovementProjectGrain Grain, string Site)> NewIdeaAsync(string? site = null)
    {
        site ??= "P" + Guid.NewGuid().ToString("N")[..8];
        var number = await fixture.Grains.GetGrain<IProjectPortfolioGrain>(site).NextNumberAsync(Today.Year);
        var grain = fixture.Grains.GetGrain<IImprovementProjectGrain>(ProjectKey.Of(site, number));
        await grain.SubmitIdeaAsync("Réduire les temps de réglage au banc d'essai", "Trop de petits lots : le banc sature.", "operateur");
        return (grain, site);
    }

    private ProjectCharter Charter(ProjectMethod method = ProjectMethod.Pdca) =>
        new(method, "directeur", "chef.projet", ["methodes", "operateur"], Today.AddDays(90), "Poste ESS-01");

    /// <summary>Fills everything the PDCA "Plan" gate asks for.</summary>
    private async Task<ImprovementProjectView> FillPlanAsync(IImprovementProjectGrain p)
    {
        var v = (await p.GetAsync())!;
        v = await p.SetA3SectionAsync(A3Section.Context, "Le banc d'essai est le goulot.", v.Version, "chef.projet");
        v = await p.SetA3SectionAsync(A3Section.CurrentSituation, "Réglage 15 min par lot, 40 lots par semaine.", v.Version, "chef.projet");
        v = await p.SetA3SectionAsync(A3Section.Target, "Réglage divisé par deux.", v.Version, "chef.projet");
        v = await p.AddKpiAsync("Temps de réglage", "min", 15, 7, v.Version, "chef.projet");
        v = await p.SaveWhyChainAsync(new WhyChain(Guid.Empty, "Le banc est surchargé", ["Trop de réglages", "Petits lots", "Lot pour lot"], "Règle de lot inadaptée"), v.Version, "chef.projet");
        v = await p.SetA3SectionAsync(A3Section.RootCauseAnalysis, "Lots trop petits et réglages longs.", v.Version, "chef.projet");
        v = await p.SetA3SectionAsync(A3Section.Countermeasures, "SMED sur le banc.", v.Version, "chef.projet");
        await p.AddActionAsync(new NewAction("Filmer un réglage", null, "methodes", Today.AddDays(7), ActionPriority.Normal, null), "chef.projet");
        v = (await p.GetAsync())!;
        return await p.SetEstimatedGainsAsync(new ProjectGains(12000, 200, 1, 0), v.Version, "chef.projet");
    }

    [Fact]
    public async Task Idea_becomes_a_project_and_goes_through_every_pdca_gate_to_closure_with_history()
    {
        var (p, site) = await NewIdeaAsync();
        var idea = (await p.GetAsync())!;
        Assert.Equal(ProjectStatus.Idea, idea.Status);
        Assert.Equal("Idea", idea.PhaseKey);
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.SetA3SectionAsync(A3Section.Context, "x", idea.Version, "chef.projet"));

        var bad = await Assert.ThrowsAsync<CommandRejectedException>(() => p.AcceptAsync(Charter() with { Sponsor = "", Scope = " " }, idea.Version, "chef.projet"));
        Assert.Contains(bad.Reasons, r => r.Kind == Refusal.Required && r.Args[0] == (RefusalArg)RefusalTerm.Sponsor);
        Assert.Contains(Refusal.ScopeRequired, bad.Kinds);

        var v = await p.AcceptAsync(Charter(), idea.Version, "chef.projet");
        Assert.Equal("Pdca.0", v.PhaseKey);

        // gate without required fields: refused with the list of what is missing
        var refused = await Assert.ThrowsAsync<CommandRejectedException>(() => p.RequestGateAsync(v.Version, "chef.projet"));
        // The refusal counts what is missing; the typed checklist says which (the page words it).
        var unmet = v.Checklist.Where(c => !c.Met).Select(c => c.Kind).ToList();
        Assert.Contains(GateCheckKind.Context, unmet);
        Assert.Contains(GateCheckKind.EstimatedGains, unmet);
        Assert.DoesNotContain(GateCheckKind.Team, unmet);
        Assert.Equal(new RefusalReason(Refusal.ChecklistIncomplete, unmet.Count).ToString(), Assert.Single(refused.Reasons).ToString());
        Assert.Equal(0, (await p.GetAsync())!.Phase);

        v = await FillPlanAsync(p);
        Assert.All(v.Checklist, c => Assert.True(c.Met, c.Label));
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.RequestGateAsync(v.Version, "lecteur")); // not a member
        v = await p.RequestGateAsync(v.Version, "chef.projet");
        Assert.NotNull(v.PendingGate);
        Assert.Contains(await fixture.Grains.GetGrain<INotificationInboxGrain>("directeur").ListAsync(false, 50), n => n.Kind == NotificationKind.GateRequested && n.By == "chef.projet" && n.From == new PhaseRef(ProjectMethod.Pdca, 0, ProjectStatus.Active));
        var notSponsor = await Assert.ThrowsAsync<CommandRejectedException>(() => p.DecideGateAsync(true, null, v.Version, "chef.projet"));
        Assert.Equal(Refusal.SponsorDecidesGate, notSponsor.Kind);
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.DecideGateAsync(false, "", v.Version, "directeur")); // refusal needs a reason
        v = await p.DecideGateAsync(true, null, v.Version, "directeur");
        Assert.Equal("Pdca.1", v.PhaseKey);
        Assert.Contains(await fixture.Grains.GetGrain<INotificationInboxGrain>("chef.projet").ListAsync(false, 50), n => n.Kind == NotificationKind.GateApproved && n.By == "directeur" && n.To == new PhaseRef(ProjectMethod.Pdca, 1, ProjectStatus.Active));

        // Do: the gate needs every action closed; confirming gains is too early
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.ConfirmGainsAsync(new ProjectGains(10000, 150, 1, 0), v.Version, "chef.projet"));
        var doGate = await Assert.ThrowsAsync<CommandRejectedException>(() => p.RequestGateAsync(v.Version, "chef.projet"));
        Assert.Equal("ChecklistIncomplete(1)", Assert.Single(doGate.Reasons).ToString());
        Assert.Equal([GateCheckKind.ActionsDone], v.Checklist.Where(c => !c.Met).Select(c => c.Kind));
        var action = v.Actions.Single();
        await p.SetActionStatusAsync(action.Id, ActionStatus.Done, action.Version, "methodes");
        v = (await p.GetAsync())!;
        v = await p.RequestGateAsync(v.Version, "chef.projet");
        v = await p.DecideGateAsync(true, null, v.Version, "directeur");
        Assert.Equal("Pdca.2", v.PhaseKey);

        // Check: a refused gate stays in the phase, with the reason
        v = await p.AddMeasureAsync(v.Kpis[0].Id, Today, 8, v.Version, "chef.projet");
        v = await p.SetA3SectionAsync(A3Section.FollowUp, "Mesuré sur 4 semaines.", v.Version, "chef.projet");
        v = await p.ConfirmGainsAsync(new ProjectGains(10000, 150, 1, 0), v.Version, "chef.projet");
        v = await p.RequestGateAsync(v.Version, "chef.projet");
        v = await p.DecideGateAsync(false, "Une seule mesure : attendre une semaine de plus.", v.Version, "directeur");
        Assert.Equal("Pdca.2", v.PhaseKey);
        Assert.False(v.Gates[^1].Approved);
        v = await p.RequestGateAsync(v.Version, "chef.projet");
        v = await p.DecideGateAsync(true, null, v.Version, "directeur");
        Assert.Equal("Pdca.3", v.PhaseKey);

        v = await p.SetA3SectionAsync(A3Section.Results, "Réglage à 8 min, standardisé.", v.Version, "chef.projet");
        v = await p.RequestGateAsync(v.Version, "chef.projet");
        v = await p.DecideGateAsync(true, null, v.Version, "directeur");
        Assert.Equal(ProjectStatus.Closed, v.Status);
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.SetA3SectionAsync(A3Section.Results, "x", v.Version, "chef.projet"));

        var history = await p.GetHistoryAsync();
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(h => h.Version));
        // Typed history: event names and invariant values, worded by the Web (no French in the stored entry).
        Assert.Equal(4, history.Count(h => h.What == nameof(ProjectEvent.GateApproved)));
        Assert.Contains(history, h => h.What == nameof(ProjectEvent.GateRefused) && h.User == "directeur");
        Assert.Contains(history, h => h.Changes.Any(c => c.Field == nameof(ProjectField.Phase) && c.From == "Pdca:3" && c.To == nameof(ProjectStatus.Closed)));
        Assert.All(history.Where(h => h.Event is null), h => Assert.True(Enum.TryParse<ProjectEvent>(h.What, out _), h.What)); // actions: typed HistoryEvent

        var card = (await fixture.Grains.GetGrain<IProjectPortfolioGrain>(site).QueryAsync(new PortfolioQuery())).Single();
        Assert.Equal(ProjectStatus.Closed, card.Status);
        Assert.Equal(12000, card.EstimatedGains.EurosPerYear);
        Assert.Equal(10000, card.ConfirmedGains.EurosPerYear);
        Assert.Equal(v.Version, card.Version);
    }

    [Fact]
    public async Task Stale_version_is_refused_and_nothing_changes()
    {
        var (p, _) = await NewIdeaAsync();
        var v = await p.AcceptAsync(Charter(), 1, "chef.projet");
        await p.SetA3SectionAsync(A3Section.Context, "A", v.Version, "chef.projet");
        await Assert.ThrowsAsync<VersionConflictException>(() => p.SetA3SectionAsync(A3Section.Context, "B", v.Version, "methodes"));
        Assert.Equal("A", (await p.GetAsync())!.Section(A3Section.Context));
    }

    [Fact]
    public async Task Ishikawa_causes_are_added_and_removed_per_category_and_5m_refuses_measurement()
    {
        var (p, _) = await NewIdeaAsync();
        var v = await p.AcceptAsync(Charter(ProjectMethod.Dmaic), 1, "chef.projet");
        Assert.Equal("Dmaic.0", v.PhaseKey);
        v = await p.SetIshikawaEffectAsync("Surcharge du banc d'essai", true, v.Version, "chef.projet");
        v = await p.AddCauseAsync(IshikawaCategory.Machine, "Réglage manuel", v.Version, "chef.projet");
        v = await p.AddCauseAsync(IshikawaCategory.Method, "Pas de standard SMED", v.Version, "chef.projet");
        v = await p.AddCauseAsync(IshikawaCategory.Measurement, "Temps non mesurés", v.Version, "chef.projet");
        Assert.Equal(3, v.Ishikawa.Causes.Count);
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.SetIshikawaEffectAsync("Surcharge", false, v.Version, "chef.projet"));
        v = await p.RemoveCauseAsync(v.Ishikawa.Causes.Single(c => c.Category == IshikawaCategory.Measurement).Id, v.Version, "chef.projet");
        v = await p.SetIshikawaEffectAsync("Surcharge", false, v.Version, "chef.projet");
        Assert.Equal(5, v.Ishikawa.Categories.Count);
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.AddCauseAsync(IshikawaCategory.Measurement, "x", v.Version, "chef.projet"));
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.AddCauseAsync(IshikawaCategory.Machine, "  ", v.Version, "chef.projet"));
        Assert.Equal(["Réglage manuel", "Pas de standard SMED"], (await p.GetAsync())!.Ishikawa.Causes.Select(c => c.Text));
    }

    [Fact]
    public async Task Action_for_someone_else_notifies_the_owner_and_overdue_actions_reach_the_review_agenda_and_portfolio()
    {
        var (p, site) = await NewIdeaAsync();
        var v = await p.AcceptAsync(Charter(), 1, "chef.projet");
        v = await p.AddKpiAsync("Taux de rebut", "%", 4, 2, v.Version, "chef.projet");
        await p.AddActionAsync(new NewAction("Former l'équipe de nuit", null, "Operateur2", Today.AddDays(-3), ActionPriority.High, null), "chef.projet");
        await p.AddActionAsync(new NewAction("Rédiger le standard", null, "chef.projet", Today.AddDays(10), ActionPriority.Normal, null), "chef.projet");

        var inbox = await fixture.Grains.GetGrain<INotificationInboxGrain>("operateur2").ListAsync(false, 10);
        Assert.Contains(inbox, n => n.Kind == NotificationKind.ActionAssigned && n.Subject == "Former l'équipe de nuit" && n.Due == Today.AddDays(-3) && n.Link == new ObjectRef(ObjectKind.ImprovementProject, ProjectKey.Of(site, v.Id)));
        var agenda = await p.GetReviewAgendaAsync(Today);
        Assert.Equal("Pdca.0", agenda.PhaseName);
        Assert.Equal("Former l'équipe de nuit", Assert.Single(agenda.OverdueActions).Title);
        Assert.Equal("Taux de rebut", Assert.Single(agenda.Kpis).Name);
        Assert.Contains(agenda.Checklist, c => !c.Met);
        var card = Assert.Single(await fixture.Grains.GetGrain<IProjectPortfolioGrain>(site).QueryAsync(new PortfolioQuery(Lead: "CHEF.PROJET")));
        Assert.Equal(2, card.OpenActions);
        Assert.Equal(1, card.OverdueActions(Today));
        Assert.Empty(await fixture.Grains.GetGrain<IProjectPortfolioGrain>(site).QueryAsync(new PortfolioQuery(Method: ProjectMethod.EightD)));
    }

    [Fact]
    public async Task Kpi_input_accepts_french_numbers_and_refuses_text_or_another_unit()
    {
        Assert.Null(KpiInput.TryParse("12,5", "%", out var a));
        Assert.Equal(12.5, a);
        Assert.Null(KpiInput.TryParse("1 234,5 %", "%", out var b));
        Assert.Equal(1234.5, b);
        Assert.Null(KpiInput.TryParse("-3.25", "min", out var c));
        Assert.Equal(-3.25, c);
        Assert.Equal("« douze » n'est pas un nombre.", KpiInput.TryParse("douze", "%", out _));
        Assert.Equal("Unité « h » incorrecte : l'indicateur est en « min ».", KpiInput.TryParse("3 h", "min", out _));
        Assert.NotNull(KpiInput.TryParse("", "min", out _));

        var (p, _) = await NewIdeaAsync();
        var v = await p.AcceptAsync(Charter(), 1, "chef.projet");
        v = await p.AddKpiAsync("OTD", "%", 80, 95, v.Version, "chef.projet");
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.AddMeasureAsync(v.Kpis[0].Id, Today, double.NaN, v.Version, "chef.projet"));
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.AddMeasureAsync(v.Kpis[0].Id, Today.AddDays(1), 90, v.Version, "chef.projet"));
        v = await p.AddMeasureAsync(v.Kpis[0].Id, Today, 96, v.Version, "chef.projet");
        Assert.True(v.Kpis[0].TargetReached);
    }

    [Fact]
    public async Task Rejected_idea_keeps_its_reason_and_accepts_no_more_work()
    {
        var (p, _) = await NewIdeaAsync();
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.RejectIdeaAsync(" ", 1, "directeur"));
        var v = await p.RejectIdeaAsync("Déjà traité par le projet SMED de 2025.", 1, "directeur");
        Assert.Equal(ProjectStatus.Rejected, v.Status);
        Assert.Equal("Rejected", v.PhaseKey);
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.AcceptAsync(Charter(), v.Version, "chef.projet"));
    }
}
