using System.Security.Claims;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Projects;
using Collab.Web.Components.Pages.People;
using Collab.Web.Identity;
using Collab.Web.Services;
using Collab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Collab.Web.Tests.Identity;

/// <summary>Issue #12 item 11 (people by display name, picked from the user list) and issue #16 items 3, 7 and 9.</summary>
[Collection(WebHostCollection.Name)]
public sealed class PeopleAndRolesTests(WebHostFixture host)
{
    private T Get<T>() where T : notnull => host.Factory.Services.GetRequiredService<T>();

    private static ClaimsPrincipal Admin => new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));

    private async Task<CollabUser> CreateUserAsync(string userName, string? displayName, params string[] roles)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            user = new CollabUser { UserName = userName, DisplayName = displayName };
            Assert.True((await users.CreateAsync(user, "Correct#2026")).Succeeded);
            Assert.True((await users.AddToRolesAsync(user, roles)).Succeeded);
            await Get<UserDirectory>().RefreshAsync();
        }

        return user;
    }

    /// <summary>Item 7: the principal a tab captured at sign-in (roles and security stamp) is not trusted after a demotion.</summary>
    [Fact]
    public async Task A_demoted_administrator_with_an_open_tab_is_refused_at_the_next_admin_command()
    {
        await CreateUserAsync("admin.demote", "Adèle Démise", Roles.Admin);
        ClaimsPrincipal tab;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<CollabUser>>();
            tab = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByNameAsync("admin.demote"))!);
        }

        Assert.True(tab.IsInRole(Roles.Admin));
        var administration = Get<UserAdministrationService>();
        var provider = ActivatorUtilities.CreateInstance<CollabRevalidatingAuthenticationStateProvider>(host.Factory.Services);
        Assert.NotEmpty(await administration.ListAsync(tab)); // an admin command, while still an admin
        Assert.True(await provider.IsStillValidAsync(tab));

        Assert.True((await administration.SetRolesAsync(Admin, "admin.demote", [Roles.Reader])).Succeeded);

        // The same tab, roles claim unchanged: every admin command is refused now …
        Assert.True(tab.IsInRole(Roles.Admin));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => administration.ListAsync(tab));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => administration.SetRolesAsync(tab, "admin.demote", [Roles.Admin]));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Get<SiteService>().RenameAsync(tab, "Usine pirate", 0));
        // … and the tab's authentication state is revalidated as signed out (new security stamp).
        Assert.False(await provider.IsStillValidAsync(tab));
        Assert.Equal([Roles.Reader], (await administration.ListAsync(Admin)).Single(u => u.UserName == "admin.demote").Roles);
    }

    [Fact]
    public void Open_tabs_are_revalidated_every_few_minutes_by_configuration()
    {
        Assert.IsType<CollabRevalidatingAuthenticationStateProvider>(host.Factory.Services.CreateScope().ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
        Assert.Equal(TimeSpan.FromMinutes(5), Get<IOptions<SecuritySettings>>().Value.RevalidateInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), Get<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval);
        Assert.Equal(TimeSpan.FromMinutes(60), new SecuritySettings { RevalidateMinutes = 600 }.RevalidateInterval);
    }

    [Fact]
    public async Task The_directory_resolves_logins_to_display_names_and_follows_an_administrators_edit()
    {
        var directory = Get<UserDirectory>();
        Assert.Equal("Paule Planificatrice", directory.Name("planificateur"));
        Assert.Equal("Paule Planificatrice", directory.Name("PLANIFICATEUR"));
        Assert.Equal("fournisseur@exemple.fr", directory.Name("fournisseur@exemple.fr"));
        Assert.Equal("—", directory.Name(null));
        Assert.Equal("Anne Animatrice, Luc Lecteur", directory.Names(["animateur", "lecteur"]));

        await CreateUserAsync("renomme", "Ancien Nom", Roles.Reader);
        Assert.Equal("Ancien Nom", directory.Name("renomme"));
        Assert.True((await Get<UserAdministrationService>().UpdateProfileAsync(Admin, "renomme", "Nouveau Nom", "renomme@usine.example")).Succeeded);
        Assert.Equal("Nouveau Nom", directory.Name("renomme"));
        Assert.False((await Get<UserAdministrationService>().UpdateProfileAsync(Admin, "renomme", "Nom\u0007", null)).Succeeded);
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Get<UserAdministrationService>().UpdateProfileAsync(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "lecteur"), new Claim(ClaimTypes.Role, Roles.Admin)], "forged")), "renomme", "Pirate", null));
    }

    /// <summary>The demo seed names only real users (issue #12: "acheteuse2" was not a user).</summary>
    [Fact]
    public async Task Every_person_of_the_demo_plant_is_a_user()
    {
        await DemoPlantData.WaitSeededAsync(host);
        var directory = Get<UserDirectory>();
        var data = Collab.Grains.Demo.DemoPlant.BuildMasterData(DateOnly.FromDateTime(DateTime.UtcNow));
        var people = data.Items.SelectMany(i => new[] { i.Buyer, i.Planner }).OfType<string>()
            .Concat((await Get<IActionsService>().ListAsync(ActionScope.All, "admin")).Select(a => a.Owner))
            .Distinct().ToList();
        Assert.Contains("acheteuse", people);
        Assert.Empty(await directory.UnknownAsync(people));
    }

    [Fact]
    public async Task Action_owners_are_required_and_must_be_users()
    {
        await CreateUserAsync("responsable.test", "Rémi Responsable", Roles.Reader);
        var actions = Get<IActionsService>();
        var on = new ObjectRef(ObjectKind.Site, "DEMO");
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);
        var empty = await Assert.ThrowsAsync<CommandRejectedException>(() => actions.AddAsync(on, new NewAction("Sans responsable", null, " ", due, ActionPriority.Normal, null), "planificateur"));
        Assert.Equal("PickRequired(Owner)", empty.Reasons[0].ToString());
        var unknown = await Assert.ThrowsAsync<CommandRejectedException>(() => actions.AddAsync(on, new NewAction("Inconnu", null, "acheteuse2", due, ActionPriority.Normal, null), "planificateur"));
        Assert.Equal("NotAUser(acheteuse2)", unknown.Reasons[0].ToString());
        var ok = await actions.AddAsync(on, new NewAction("Vérifier le stock de joints", null, "RESPONSABLE.TEST ", due, ActionPriority.Normal, null), "planificateur");
        Assert.Equal("responsable.test", ok.Owner);
    }

    /// <summary>Item 9: readers submit ideas (quota per user and day), an idea takes no project number until accepted.</summary>
    [Fact]
    public async Task Readers_submit_ideas_within_a_daily_quota_and_an_idea_gets_its_project_number_at_acceptance()
    {
        await CreateUserAsync("lecteur.idees", "Irène Idées", Roles.Reader);
        var projects = Get<IProjectService>();
        var ideas = new List<ImprovementProjectView>();
        for (var i = 0; i < Ideas.MaxPerUserPerDay; i++)
        {
            ideas.Add(await projects.SubmitIdeaAsync($"Idée {i + 1} : ranger les gabarits", "", "lecteur.idees"));
        }

        Assert.All(ideas, v => Assert.StartsWith("IDEE-", v.Id, StringComparison.Ordinal));
        Assert.All(ideas, v => Assert.Null(v.ProjectNumber));
        var quota = await Assert.ThrowsAsync<CommandRejectedException>(() => projects.SubmitIdeaAsync("Une de trop", "", "lecteur.idees"));
        Assert.Equal(Refusal.IdeaQuota, quota.Kind);
        Assert.Equal(Ideas.MaxPerUserPerDay, quota.Reasons[0].Args[0].Number);
        await Assert.ThrowsAsync<ForbiddenActionException>(() => projects.SubmitIdeaAsync("Anonyme", "", "personne.inconnue"));

        // The reader may not accept their own idea, nor edit a project.
        var idea = ideas[0];
        var charter = new ProjectCharter(ProjectMethod.Pdca, "admin", "chef.projet", ["planificateur"], projects.Today.AddDays(60), "Poste de contrôle");
        await Assert.ThrowsAsync<ForbiddenActionException>(() => projects.AcceptAsync(idea.Id, charter, idea.Version, "lecteur.idees"));

        // Sponsor, lead and team are users; the sponsor is not the lead.
        var notUser = await Assert.ThrowsAsync<CommandRejectedException>(() => projects.AcceptAsync(idea.Id, charter with { Sponsor = "directeur" }, idea.Version, "chef.projet"));
        Assert.Equal("NotAUser(directeur)", notUser.Reasons[0].ToString());
        var teamNotUser = await Assert.ThrowsAsync<CommandRejectedException>(() => projects.AcceptAsync(idea.Id, charter with { Team = ["methodes"] }, idea.Version, "chef.projet"));
        Assert.Equal("NotAUser(methodes)", teamNotUser.Reasons[0].ToString());
        var self = await Assert.ThrowsAsync<CommandRejectedException>(() => projects.AcceptAsync(idea.Id, charter with { Sponsor = "chef.projet" }, idea.Version, "chef.projet"));
        Assert.Contains(Refusal.SponsorIsLead, self.Kinds);

        var accepted = await projects.AcceptAsync(idea.Id, charter, idea.Version, "chef.projet");
        Assert.Matches(@"^PRJ-\d{4}-\d{4}$", accepted.ProjectNumber!);
        Assert.Equal(accepted.ProjectNumber, (await projects.ListAsync(new PortfolioQuery())).Single(c => c.Id == idea.Id).Reference);
    }

    /// <summary>Item 3 on the service: lead commands by the lead or an administrator; applying changes needs the planner role.</summary>
    [Fact]
    public async Task Only_the_lead_or_an_administrator_runs_lead_commands_and_applying_changes_needs_the_planner_role()
    {
        await CreateUserAsync("chef.autre", "Claire Autre-Chef", Roles.ProjectLead);
        var projects = Get<IProjectService>();
        var idea = await projects.SubmitIdeaAsync("Réduire les en-cours au montage", "", "chef.projet");
        var v = await projects.AcceptAsync(idea.Id, new ProjectCharter(ProjectMethod.Pdca, "admin", "chef.projet", ["planificateur"], projects.Today.AddDays(60), "Montage"), idea.Version, "chef.projet");

        var other = await Assert.ThrowsAsync<CommandRejectedException>(() =>
            projects.SetA3SectionAsync(v.Id, A3Section.Context, "Pirate", v.Version, "chef.autre"));
        Assert.Equal(Refusal.LeadOnly, other.Kind);
        await Assert.ThrowsAsync<ForbiddenActionException>(() =>
            projects.SetA3SectionAsync(v.Id, A3Section.Context, "Pirate", v.Version, "planificateur"));
        v = await projects.SetA3SectionAsync(v.Id, A3Section.Context, "En-cours trop hauts.", v.Version, "chef.projet");
        v = await projects.SetA3SectionAsync(v.Id, A3Section.Target, "Divisés par deux.", v.Version, "admin");
        Assert.Equal("Divisés par deux.", v.Section(A3Section.Target));

        // Applying to the master data: the lead alone has no planner role.
        var noPlanner = await Assert.ThrowsAsync<ForbiddenActionException>(() => projects.ApplyChangesAsync(v.Id, v.Version, "chef.projet"));
        Assert.Equal(Policies.CanPlan, noPlanner.Policy);
        // A team planner passes the role check; the grain then asks for the sponsor's approval first.
        var notApproved = await Assert.ThrowsAsync<CommandRejectedException>(() => projects.ApplyChangesAsync(v.Id, v.Version, "planificateur"));
        Assert.Equal(Refusal.ChangesNotApproved, notApproved.Kind);
    }
}
