using Collab.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Collab.Web.Tests.Browser;

/// <summary>Phone (390×844): the header folds the user, language and sign-out into a menu, and the main pages
/// scroll only vertically.</summary>
[Collection(WebHostCollection.Name)]
public sealed class PhoneLayoutTests(WebHostFixture host)
{
    private const float TimeoutMs = 120_000;

    [Fact]
    public async Task Header_collapses_into_a_menu_and_no_page_scrolls_sideways_at_390_px()
    {
        Assertions.SetDefaultExpectTimeout(TimeoutMs);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
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

        var routes = await DemoPlantData.ConcreteRoutesAsync(host, ["", "purchasing/{Number}", "reunions", "purchasing", "actions"]);
        foreach (var route in routes)
        {
            await page.GotoAsync(new Uri(host.BaseAddress, route).ToString());
            await Chromium.WaitForInteractivityAsync(page);
            await AssertNoSidewaysScrollAsync(page, route);
        }

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
