using Collab.Web.Tests.Infrastructure;
using Collab.Contracts.Meetings;
using Collab.Contracts.Projects;
using Collab.Web.Components.Pages.Meetings;
using Collab.Web.Services;
using Collab.Web.Tests.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Collab.Web.Tests.Browser;

/// <summary>Phone (390×844): the header folds the user, language and sign-out into a menu, and the main pages
/// scroll only vertically.</summary>
[Collection(WebHostCollection.Name)]
public sealed class PhoneLayoutTests(WebHostFixture host) : BrowserJourney
{
    protected override WebHostFixture Host => host;

    protected override float TimeoutMs => 120_000;

    /// <summary>The sign-in page is checked before the plant is needed; the plant is waited for further down.</summary>
    protected override bool NeedsDemoPlant => false;

    [Fact]
    public async Task Header_collapses_into_a_menu_and_no_page_scrolls_sideways_at_390_px()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(TimeoutMs);
        await page.GotoAsync(new Uri(host.BaseAddress, "account/signin").ToString());
        await AssertNoSidewaysScrollAsync(page, "account/signin");
        await page.FillAsync("#userName", "acheteur");
        await page.FillAsync("#password", Collab.Web.Identity.IdentityInitializer.DemoPassword);
        await page.ClickAsync("[data-testid=signin-submit]");
        await Chromium.WaitForInteractivityAsync(page);

        // Sign-out is folded away, the menu button shows it.
        await Assertions.Expect(page.Locator("[data-testid=sign-out]")).ToBeHiddenAsync();
        await page.ClickAsync("[data-testid=header-menu]");
        await Assertions.Expect(page.Locator("[data-testid=sign-out]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToBeVisibleAsync();
        await AssertInsideViewportAsync(page, "[data-testid=sign-out]");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SourceTree.ScreenshotDirectory, "phone-menu.png") });

        // Every signed-in page (as an admin, who may open them all), route parameters filled with demo objects,
        // a running meeting for the capture page; the wall screens (big screen, kiosk) are for 1920×1080, not phones.
        await DemoPlantData.WaitSeededAsync(host);
        var meetings = host.Factory.Services.GetRequiredService<MeetingService>();
        var series = await meetings.CreateSeriesAsync(
            MeetingSeriesDefinition.DailyProduction("admin", [new("admin", "", null, false), new("planificateur", "", null, false)], "Atelier")
                with { Title = "Point téléphone " + Guid.NewGuid().ToString("N")[..4] }, "admin");
        var meetingId = await meetings.StartMeetingAsync(series.Id, "admin");
        var project = (await host.Factory.Services.GetRequiredService<IProjectService>().ListAsync(new PortfolioQuery())).OrderBy(p => p.Id, StringComparer.Ordinal).First().Id;
        var templates = PageRoutes.All
            .Where(r => !r.Anonymous && !r.Route.StartsWith("account/", StringComparison.Ordinal) && r.Route is not ("Error" or "not-found"))
            .Where(r => !r.Route.EndsWith("/screen", StringComparison.Ordinal) && !r.Route.EndsWith("/ecran", StringComparison.Ordinal) && !r.Route.StartsWith("ecran/", StringComparison.Ordinal))
            .Select(r => r.Route.Replace("{Id}", meetingId, StringComparison.Ordinal).Replace("improvement-projects/{Number}", "improvement-projects/" + project, StringComparison.Ordinal))
            .Distinct()
            .ToList();
        var routes = await DemoPlantData.ConcreteRoutesAsync(host, templates);
        Assert.DoesNotContain(routes, r => r.Contains('{', StringComparison.Ordinal));
        Assert.Contains("meetings/" + meetingId, routes);
        await context.CloseAsync();
        context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        page = await context.NewPageAsync();
        page.SetDefaultTimeout(TimeoutMs);
        await page.GotoAsync(new Uri(host.BaseAddress, "account/signin").ToString());
        await page.FillAsync("#userName", "admin");
        await page.FillAsync("#password", Collab.Web.Identity.IdentityInitializer.DemoPassword);
        await page.ClickAsync("[data-testid=signin-submit]");
        await Chromium.WaitForInteractivityAsync(page);
        var artifacts = Directory.CreateDirectory(Path.Combine(SourceTree.Root, "artifacts", "screenshots")).FullName;
        var wide = new List<string>();
        foreach (var route in routes)
        {
            await page.GotoAsync(new Uri(host.BaseAddress, route).ToString());
            await Chromium.WaitForInteractivityAsync(page);
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            if (widths[0] > widths[1])
            {
                wide.Add($"/{route}: {widths[0]} px wide on a {widths[1]} px screen");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "phone-wide-" + route.Replace('/', '_') + ".png") });
            }

            if (route == "meetings/" + meetingId)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SourceTree.ScreenshotDirectory, "phone-meeting-capture.png") });
            }
        }

        Assert.True(wide.Count == 0, string.Join("\n", wide));
        await page.GotoAsync(new Uri(host.BaseAddress, routes.First(r => r.StartsWith("purchasing/", StringComparison.Ordinal) && char.IsUpper(r["purchasing/".Length]))).ToString());
        await Chromium.WaitForInteractivityAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SourceTree.ScreenshotDirectory, "phone-purchase-order.png"), FullPage = false });
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string route)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"/{route}: page is {widths[0]} px wide on a {widths[1]} px screen");
    }

    private static async Task AssertInsideViewportAsync(IPage page, string selector)
    {
        var box = await page.Locator(selector).BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"{selector} at x={box.X}, width {box.Width}");
    }
}
