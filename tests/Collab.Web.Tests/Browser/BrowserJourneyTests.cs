using Collab.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Collab.Web.Tests.Browser;

/// <summary>End-to-end journeys in Debian's Chromium against the real host. Screenshots at
/// 1920×1080 go to SourceTree.ScreenshotDirectory (docs/screenshots with COLLAB_UPDATE_SCREENSHOTS=1).</summary>
[Collection(WebHostCollection.Name)]
public sealed class BrowserJourneyTests(WebHostFixture host) : BrowserJourney
{
    protected override WebHostFixture Host => host;

    protected override bool NeedsDemoPlant => false;

    [Fact]
    public async Task Planner_signs_in_in_french_sees_the_navigation_switches_to_english_and_signs_out()
    {
        var page = await NewPageAsync();

        await page.GotoAsync(host.BaseAddress.ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Connexion");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "signin.png") });

        await page.FillAsync("#userName", "planificateur");
        await page.FillAsync("#password", "Demo#2026");
        await page.ClickAsync("[data-testid=signin-submit]");
        await Chromium.WaitForInteractivityAsync(page);

        var navigation = page.Locator("[data-testid=navigation]");
        foreach (var section in new[] { "Tableau de bord", "Réunions", "Plan", "Ordres de fabrication", "Achats", "Commandes clients",
                     "Postes de charge", "Stocks", "Projets d'amélioration", "Actions" })
        {
            await Assertions.Expect(navigation.GetByText(section, new() { Exact = true })).ToBeVisibleAsync();
        }

        // A planner is not an administrator: no Administration entry.
        await Assertions.Expect(navigation.GetByText("Administration", new() { Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToContainTextAsync("Planificateur");
        await Assertions.Expect(page.Locator("[data-testid=site-name]")).Not.ToBeEmptyAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "dashboard-fr.png") });

        // Interactive navigation to the meetings section (series and history search).
        await navigation.GetByText("Réunions", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Réunions");
        await Assertions.Expect(page.Locator("[data-testid=history-find]")).ToBeVisibleAsync();
        // No hover or click ripple on the menu in the picture.
        await page.AddStyleTagAsync(new() { Content = ".rz-panel-menu .rz-navigation-item-link { transition: none !important; background-size: 15000% !important; } .rz-navigation-item-link:before { opacity: 0 !important; }" });
        await page.Locator("h1").HoverAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "meetings-fr.png") });

        // Switch to English: the page reloads in English and stays on the same section.
        await page.Locator("[data-testid=language-switch] button[value=en-GB]").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Chromium.WaitForInteractivityAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Meetings");
        await navigation.GetByText("Dashboard", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");
        await Assertions.Expect(navigation.GetByText("Manufacturing orders", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=welcome]")).ToContainTextAsync("Today is");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "dashboard-en.png") });

        // Sign out: back on the sign-in page; the dashboard needs signing in again.
        await page.Locator("[data-testid=sign-out]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin$"));
        await page.GotoAsync(host.BaseAddress.ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
    }

    [Fact]
    public async Task Administrator_sees_users_and_edits_a_user_roles()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, "admin").ToString());
        await page.FillAsync("#userName", "admin");
        await page.FillAsync("#password", "Demo#2026");
        await page.ClickAsync("[data-testid=signin-submit]");
        await Chromium.WaitForInteractivityAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Administration");

        var grid = page.Locator("[data-testid=users-grid]");
        await Assertions.Expect(grid.GetByText("planificateur", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(grid.GetByText("chef.projet", new() { Exact = true })).ToBeVisibleAsync();

        await grid.GetByText("animateur", new() { Exact = true }).ClickAsync();
        var editor = page.Locator("[data-testid=edit-user]");
        await Assertions.Expect(editor.Locator("h2")).ToContainTextAsync("animateur");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "admin-users.png") });

        await editor.GetByText("Acheteur", new() { Exact = true }).ClickAsync();
        await editor.GetByText("Enregistrer les rôles").ClickAsync();
        await Assertions.Expect(grid.Locator("tr", new() { HasText = "animateur" })).ToContainTextAsync("Acheteur");
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1920, Height = 1080 },
            Locale = "en-US", // French must win anyway: the browser language is ignored.
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        return page;
    }
}
