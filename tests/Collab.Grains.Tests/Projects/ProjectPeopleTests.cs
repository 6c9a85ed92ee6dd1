using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Projects;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests.Projects;

/// <summary>Issue #16 item 3 (sponsor bypass) and item 9 (ideas): the rules the project grains enforce on people.</summary>
[Collection("cluster")]
public sealed class ProjectPeopleTests(ClusterFixture fixture)
{
    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    private static string NewSite() => "PP" + Guid.NewGuid().ToString("N")[..8];

    private async Task<IImprovementProjectGrain> NewIdeaAsync(string site, string user = "lecteur")
    {
        var reference = await fixture.Grains.GetGrain<IProjectPortfolioGrain>(site).NextIdeaReferenceAsync(Today.Year, user, fixture.Clock.GetUtcNow(), 5);
        var grain = fixture.Grains.GetGrain<IImprovementProjectGrain>(ProjectKey.Of(site, reference));
        await grain.SubmitIdeaAsync("Ranger le poste de contrôle", "On cherche les gabarits.", user);
        return grain;
    }

    private ProjectCharter Charter(string sponsor = "directeur", string lead = "chef.projet") =>
        new(ProjectMethod.Pdca, sponsor, lead, ["planificateur"], Today.AddDays(60), "Poste CTRL");

    [Fact]
    public async Task The_sponsor_cannot_be_the_lead_on_acceptance_nor_on_a_charter_change()
    {
        var p = await NewIdeaAsync(NewSite());
        var idea = (await p.GetAsync())!;
        var self = await Assert.ThrowsAsync<CommandRejectedException>(() => p.AcceptAsync(Charter(sponsor: "chef.projet"), idea.Version, "chef.projet"));
        Assert.Contains(Refusal.SponsorIsLead, self.Kinds);
        var caseInsensitive = await Assert.ThrowsAsync<CommandRejectedException>(() => p.AcceptAsync(Charter(sponsor: " Chef.Projet "), idea.Version, "chef.projet"));
        Assert.Contains(Refusal.SponsorIsLead, caseInsensitive.Kinds);
        Assert.Equal(ProjectStatus.Idea, (await p.GetAsync())!.Status);

        var v = await p.AcceptAsync(Charter(), idea.Version, "chef.projet");
        var update = await Assert.ThrowsAsync<CommandRejectedException>(() => p.UpdateCharterAsync(Charter(sponsor: "chef.projet"), v.Version, "chef.projet"));
        Assert.Contains(Refusal.SponsorIsLead, update.Kinds);
        Assert.Equal("directeur", (await p.GetAsync())!.Sponsor);
    }

    [Fact]
    public async Task Lead_commands_are_refused_to_anyone_but_the_lead_unless_an_administrator_acts()
    {
        var p = await NewIdeaAsync(NewSite());
        var v = await p.AcceptAsync(Charter(), 1, "chef.projet");

        // Another project lead, the sponsor and a team member may not edit the lead's A3 …
        foreach (var other in new[] { "autre.chef", "directeur", "planificateur" })
        {
            var refused = await Assert.ThrowsAsync<CommandRejectedException>(() => p.SetA3SectionAsync(A3Section.Context, "Pirate", v.Version, other));
            Assert.Equal(Refusal.LeadOnly, refused.Kind);
        }

        await Assert.ThrowsAsync<CommandRejectedException>(() => p.UpdateCharterAsync(Charter(sponsor: "autre.chef", lead: "autre.chef2"), v.Version, "autre.chef"));
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.AddKpiAsync("OTD", "%", 80, 95, v.Version, "autre.chef"));
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.SimulateAsync(Today, "autre.chef"));
        Assert.Equal("", (await p.GetAsync())!.Section(A3Section.Context));

        // … the lead may, and so may an administrator (flowed by the web service after re-reading the roles).
        v = await p.SetA3SectionAsync(A3Section.Context, "Le poste déborde.", v.Version, "chef.projet");
        using (ActorContext.Set(isAdmin: true, mayPlan: true))
        {
            v = await p.SetA3SectionAsync(A3Section.Target, "Tout à sa place.", v.Version, "admin");
        }

        Assert.Equal("Tout à sa place.", v.Section(A3Section.Target));
        // The flag does not outlive its scope.
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.SetA3SectionAsync(A3Section.Results, "x", v.Version, "admin"));
    }

    [Fact]
    public async Task Applying_changes_needs_the_planner_role_too_and_is_one_master_data_entry_naming_the_project()
    {
        var code = NewSite();
        var site = fixture.Grains.GetGrain<ISiteGrain>(code);
        var data = MasterDataSet.Empty with
        {
            Items = [new ItemData("PF", "Produit fini", "F", ItemSource.Make, "u", 50, 5, 0)],
            Workstations = [new WorkstationData("CTRL", "Contrôle", WorkstationData.Shifts(1), 1, 1, [])],
            Routings = [new RoutingOperationData("PF", 10, "CTRL", 2, 0.5)],
        };
        await site.ImportMasterDataAsync(data, 0, "admin");
        await fixture.Grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(code, "CTRL")).ConfigureAsync(data.Workstations[0], null, "admin");

        var p = await NewIdeaAsync(code);
        var v = await p.AcceptAsync(Charter() with { Team = ["planificateur", "methodes"] }, 1, "chef.projet");
        Assert.StartsWith("PRJ-", v.ProjectNumber, StringComparison.Ordinal);
        v = await p.SaveParameterChangeAsync(new ParameterChange(Guid.Empty, ParameterKind.SetupTimePercent, "CTRL", null, -50), v.Version, "chef.projet");
        await p.SimulateAsync(Today, "chef.projet");
        v = (await p.GetAsync())!;
        v = await p.ApproveChangesAsync(v.Version, "directeur");
        foreach (var s in new[] { A3Section.Context, A3Section.CurrentSituation, A3Section.Target, A3Section.RootCauseAnalysis, A3Section.Countermeasures })
        {
            v = await p.SetA3SectionAsync(s, "texte", v.Version, "chef.projet");
        }

        v = await p.AddKpiAsync("Réglage", "h", 2, 1, v.Version, "chef.projet");
        v = await p.SaveWhyChainAsync(new WhyChain(Guid.Empty, "Réglages longs", ["Pas de standard"], "Pas de SMED"), v.Version, "chef.projet");
        await p.AddActionAsync(new NewAction("SMED", null, "methodes", Today.AddDays(5), ActionPriority.Normal, null), "chef.projet");
        v = (await p.GetAsync())!;
        v = await p.SetEstimatedGainsAsync(new ProjectGains(5000, 100, 0, 0), v.Version, "chef.projet");
        v = await p.RequestGateAsync(v.Version, "chef.projet");
        v = await p.DecideGateAsync(true, null, v.Version, "directeur");
        var siteVersion = (await site.GetInfoAsync()).Version;
        var historyBefore = (await site.GetHistoryAsync()).Count;

        // The lead without the planner role: refused, master data untouched.
        var noPlanner = await Assert.ThrowsAsync<CommandRejectedException>(() => p.ApplyChangesAsync(v.Version, "chef.projet"));
        Assert.Equal(Refusal.ApplyNeedsPlanner, noPlanner.Kind);
        using (ActorContext.Set(isAdmin: false, mayPlan: true))
        {
            // A planner outside the project, or the sponsor alone: refused.
            await Assert.ThrowsAsync<CommandRejectedException>(() => p.ApplyChangesAsync(v.Version, "autre.planificateur"));
            await Assert.ThrowsAsync<CommandRejectedException>(() => p.ApplyChangesAsync(v.Version, "directeur"));
            Assert.Equal(siteVersion, (await site.GetInfoAsync()).Version);

            // The planner of the team applies.
            v = await p.ApplyChangesAsync(v.Version, "planificateur");
        }

        Assert.NotNull(v.ChangesAppliedAt);
        var entries = (await site.GetHistoryAsync()).Skip(historyBefore).ToList();
        var entry = Assert.Single(entries);
        Assert.Equal("planificateur", entry.User);
        Assert.Equal(HistoryEvent.ProjectChangeApplied, entry.Event);
        Assert.Contains(entry.Changes, c => c.Key == HistoryField.Project && c.To == v.ProjectNumber && c.Subject == "Ranger le poste de contrôle");
        Assert.Contains(entry.Changes, c => c.Key == HistoryField.SetupHours && c.Subject!.StartsWith("PF/10", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ideas_take_no_project_number_until_accepted_and_are_limited_per_user_and_day()
    {
        var site = NewSite();
        var portfolio = fixture.Grains.GetGrain<IProjectPortfolioGrain>(site);
        var now = fixture.Clock.GetUtcNow();
        var refs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            refs.Add(await portfolio.NextIdeaReferenceAsync(now.Year, "lecteur", now.AddMinutes(i), 3));
        }

        Assert.Equal([$"IDEE-{now.Year}-0001", $"IDEE-{now.Year}-0002", $"IDEE-{now.Year}-0003"], refs);
        var quota = await Assert.ThrowsAsync<CommandRejectedException>(() => portfolio.NextIdeaReferenceAsync(now.Year, "LECTEUR", now.AddMinutes(10), 3));
        Assert.Equal(Refusal.IdeaQuota, quota.Kind);
        Assert.Equal(3, quota.Reasons[0].Args[0].Number);
        // Another user is not affected; the same user may again once the first submission is 24 h old.
        Assert.Equal($"IDEE-{now.Year}-0004", await portfolio.NextIdeaReferenceAsync(now.Year, "operateur", now.AddMinutes(10), 3));
        Assert.Equal($"IDEE-{now.Year}-0005", await portfolio.NextIdeaReferenceAsync(now.Year, "lecteur", now.AddHours(24).AddMinutes(1), 3));

        // No project number was consumed by the ideas: the first accepted one gets PRJ-…-0001.
        var grain = fixture.Grains.GetGrain<IImprovementProjectGrain>(ProjectKey.Of(site, refs[1]));
        var idea = await grain.SubmitIdeaAsync("Idée", "", "lecteur");
        Assert.Null(idea.ProjectNumber);
        Assert.Equal(refs[1], idea.Reference);
        var accepted = await grain.AcceptAsync(Charter(), idea.Version, "chef.projet");
        Assert.Equal($"PRJ-{Today.Year}-0001", accepted.ProjectNumber);
        Assert.Equal(accepted.ProjectNumber, accepted.Reference);
        var card = (await portfolio.QueryAsync(new PortfolioQuery())).Single(c => c.Id == refs[1]);
        Assert.Equal(accepted.ProjectNumber, card.Reference);
    }
}
