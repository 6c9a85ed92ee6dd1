using Collab.Web.Components.Pages.Meetings;
using System.Text.RegularExpressions;
using Collab.Contracts.Common;
using Collab.Contracts.Meetings;
using Collab.Web.Identity;
using Collab.Web.Services;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Collab.Web.Tests.Browser;

/// <summary>
/// Issue #12 item 11 in Chromium at 1920×1080: people are picked by display name (action owner, project sponsor
/// and team, meeting attendees), no owner is assumed, and no login appears on the big screen.
/// </summary>
[Collection(WebHostCollection.Name)]
public sealed partial class PeopleJourneyTests(WebHostFixture host) : BrowserJourney
{
    protected override WebHostFixture Host => host;

    protected override float TimeoutMs => 60_000;

    protected override string? Locale => null;

    /// <summary>A demo login standing alone (case-sensitive: "Animateur" the role word is not "animateur" the login).</summary>
    [GeneratedRegex(@"(?<![\w.@-])(admin|planificateur|acheteur|acheteuse|animateur|chef\.projet|lecteur)(?![\w.@-])")]
    private static partial Regex Login();

    private Task<IPage> SignInAsync(string user, string path) => SignedInPageAsync(user, path);

    [Fact]
    public async Task The_bell_rings_live_when_someone_gives_me_an_action_words_it_by_name_and_leads_to_the_order()
    {
        var po = await DemoPlantData.FirstAsync(host.Factory.Services.GetRequiredService<IOrdersService>(), ObjectKind.PurchaseOrder);
        await host.Factory.Services.GetRequiredService<INotificationService>().MarkAllReadAsync("lecteur");
        var page = await SignInAsync("lecteur", "");
        // French for this journey whatever language another test stored as the reader's preference (sign-in sets it)
        await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = "c=fr-FR|uic=fr-FR", Url = host.BaseAddress.ToString() }]);
        await page.ReloadAsync();
        await Chromium.WaitForInteractivityAsync(page);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await Assertions.Expect(page.Locator("[data-testid=bell]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=bell-count]")).ToHaveCountAsync(0);

        // someone else gives the reader an action: the bell rings without a reload
        var due = DateOnly.FromDateTime(DateTime.Today).AddDays(4);
        var title = "Contrôler le gabarit " + Guid.NewGuid().ToString("N")[..4];
        await host.Factory.Services.GetRequiredService<IActionsService>()
            .AddAsync(new ObjectRef(ObjectKind.PurchaseOrder, po), new Collab.Contracts.Common.NewAction(title, null, "lecteur", due, ActionPriority.Normal, null), "planificateur");
        await Assertions.Expect(page.Locator("[data-testid=bell-count]")).ToHaveTextAsync("1");

        await page.Locator("[data-testid=bell]").ClickAsync();
        var item = page.Locator("[data-testid=bell-item]", new() { HasText = title });
        await Assertions.Expect(item).ToContainTextAsync($"Paule Planificatrice vous a confié « {title} » (échéance {due.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)}).");
        Assert.DoesNotMatch(Login(), await page.Locator("[data-testid=bell-panel]").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(SourceTree.ScreenshotDirectory, "notifications-bell-fr.png") });

        await item.Locator("a").ClickAsync();
        await page.WaitForURLAsync(new Regex("purchasing/" + Regex.Escape(Uri.EscapeDataString(po)) + "$"));
        await Assertions.Expect(page.Locator("[data-testid=bell-count]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Action_owner_is_picked_by_name_and_never_assumed()
    {
        var po = await DemoPlantData.FirstAsync(host.Factory.Services.GetRequiredService<IOrdersService>(), ObjectKind.PurchaseOrder);
        var page = await SignInAsync("acheteur", $"purchasing/{Uri.EscapeDataString(po)}");
        await Assertions.Expect(page.Locator("[data-testid=po-buyer]")).Not.ToBeEmptyAsync();
        Assert.DoesNotMatch(Login(), await page.Locator("[data-testid=po-buyer]").InnerTextAsync());
        await page.GetByRole(AriaRole.Tab, new() { Name = "Actions" }).ClickAsync();
        var form = page.Locator("[data-testid=add-action]");
        await form.ScrollIntoViewIfNeededAsync();

        // No owner chosen: refused with a clear message, nothing added.
        await form.Locator("[data-testid=action-title]").FillAsync("Vérifier le certificat matière");
        await form.Locator("[data-testid=action-add]").ClickAsync();
        await Assertions.Expect(form.Locator("[role=alert]").Filter(new() { HasText = "Le responsable est obligatoire" })).ToBeVisibleAsync();

        var options = await Pick.OptionsAsync(page, "action-owner-picker");
        Assert.Contains("Béatrice Achat", options);
        Assert.Contains("Paule Planificatrice", options);
        Assert.DoesNotContain(options, o => Login().IsMatch(o));
        await page.ScreenshotAsync(new() { Path = Path.Combine(SourceTree.ScreenshotDirectory, "people-owner-picker-fr.png") });
        await page.Keyboard.PressAsync("Escape");

        await Pick.OneAsync(page, "action-owner-picker", "Béatrice Achat");
        var dueInput = form.Locator("input[name=actionDue]");
        await dueInput.FillAsync(DateTime.Today.AddDays(7).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture));
        await dueInput.PressAsync("Tab");
        await form.Locator("[data-testid=action-add]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=actions-grid]")).ToContainTextAsync("Vérifier le certificat matière");
        await Assertions.Expect(page.Locator("[data-testid=actions-grid] [data-testid=action-owner-name]", new() { HasText = "Béatrice Achat" }).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Project_sponsor_and_team_are_picked_by_name_and_the_sponsor_is_not_the_lead()
    {
        var page = await SignInAsync("chef.projet", "improvement-projects");
        await page.FillAsync("[name=idea-title]", "Standardiser le rangement des gabarits");
        await page.ClickAsync("[data-testid=submit-idea]");
        await Assertions.Expect(page.Locator("[data-testid=accept-form]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=project-reference]")).ToContainTextAsync("IDEE-");

        // The lead (the user) is not offered as sponsor.
        var sponsors = await Pick.OptionsAsync(page, "sponsor-picker");
        Assert.Contains("Administrateur", sponsors);
        Assert.DoesNotContain("Charles Chef de projet", sponsors);
        await page.ScreenshotAsync(new() { Path = Path.Combine(SourceTree.ScreenshotDirectory, "people-sponsor-picker-fr.png") });
        await page.Keyboard.PressAsync("Escape");

        await Pick.OneAsync(page, "sponsor-picker", "Administrateur");
        await Pick.ManyAsync(page, "team-picker", "Paule Planificatrice", "Anne Animatrice");
        await page.FillAsync("[name=scope]", "Poste de contrôle");
        await page.ClickAsync("[data-testid=accept]");
        await Assertions.Expect(page.Locator("[data-testid=project-phase]")).ToHaveTextAsync("Plan");
        await Assertions.Expect(page.Locator("[data-testid=project-reference]")).ToContainTextAsync("PRJ-");
        await Assertions.Expect(page.Locator("[data-testid=project-sponsor]")).ToHaveTextAsync("Administrateur");
        await Assertions.Expect(page.Locator("[data-testid=project-lead]")).ToHaveTextAsync("Charles Chef de projet");
        await Assertions.Expect(page.Locator("[data-testid=project-team]")).ToHaveTextAsync("Paule Planificatrice, Anne Animatrice");
        Assert.DoesNotMatch(Login(), await page.Locator("[data-testid=project-summary]").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(SourceTree.ScreenshotDirectory, "people-project-fr.png") });
    }

    [Fact]
    public async Task Meeting_attendees_are_shown_by_name_and_no_login_appears_on_the_big_screen()
    {
        var meetings = host.Factory.Services.GetRequiredService<MeetingService>();
        var series = await meetings.CreateSeriesAsync(
            MeetingSeriesDefinition.DailyProduction("animateur",
            [
                new("animateur", "", null, false),
                new("planificateur", "", null, false),
                new("acheteuse", "", null, false),
                new("qualite@client.example", "qualite@client.example", "qualite@client.example", true),
            ], "Salle bleue") with { Title = "Point personnes " + Guid.NewGuid().ToString("N")[..4] }, "animateur");
        var id = await meetings.StartMeetingAsync(series.Id, "animateur");
        var meeting = (await meetings.GetAsync(id))!;
        foreach (var item in meeting.Agenda.Take(3))
        {
            await meetings.AddActionAsync(id, item.Id, null, "Action de " + item.Title, "acheteuse", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3), "animateur");
        }

        // The new-series form lists people by name.
        var page = await SignInAsync("animateur", "reunions");
        await Assertions.Expect(page.Locator("[data-testid=series-users]")).ToContainTextAsync("Paule Planificatrice");
        Assert.DoesNotMatch(Login(), await page.Locator("[data-testid=series-users]").InnerTextAsync());

        // The capture page: attendees and the facilitator by name.
        await page.GotoAsync(new Uri(host.BaseAddress, $"reunions/{id}").ToString());
        await Chromium.WaitForInteractivityAsync(page);
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Anne Animatrice");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Béatrice Achat");

        // The big screen, every agenda item: names, never logins.
        var screen = await page.Context.NewPageAsync();
        await screen.GotoAsync(new Uri(host.BaseAddress, $"reunions/{id}/ecran").ToString());
        await Chromium.WaitForInteractivityAsync(screen);
        var wall = screen.Locator("[data-testid=wall-screen]");
        await wall.FocusAsync();
        for (var i = 0; i < meeting.Agenda.Count; i++)
        {
            await Assertions.Expect(wall).ToHaveAttributeAsync("data-current", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var text = await wall.InnerTextAsync();
            Assert.True(!Login().IsMatch(text), $"login \"{Login().Match(text).Value}\" on the big screen, item {i} ({meeting.Agenda[i].Title})");
            if (i < 3)
            {
                await Assertions.Expect(screen.Locator("[data-testid=screen-action]").First).ToContainTextAsync("Béatrice Achat");
            }

            if (i == 0)
            {
                await screen.ScreenshotAsync(new() { Path = Path.Combine(SourceTree.ScreenshotDirectory, "people-big-screen-fr.png") });
            }

            if (i + 1 < meeting.Agenda.Count)
            {
                await screen.Keyboard.PressAsync("ArrowRight");
            }
        }
    }
}
