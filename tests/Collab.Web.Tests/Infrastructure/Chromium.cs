using Microsoft.Playwright;

namespace Collab.Web.Tests.Infrastructure;

/// <summary>Debian's Chromium for the browser journeys (no browser download works here), and the wait every journey
/// needs before clicking: the layout's <c>data-interactive="true"</c> marker set by the first interactive render.</summary>
public static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });

    /// <summary>A new browser context at 1920×1080 signed in as a demo user (password <see cref="Collab.Web.Identity.IdentityInitializer.DemoPassword"/>),
    /// on <paramref name="path"/>, ready to click.</summary>
    public static async Task<IPage> SignInAsync(IBrowser browser, Uri baseAddress, string user, string path, float timeoutMs, string? locale = null, bool? acceptDownloads = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1920, Height = 1080 },
            Locale = locale,
            AcceptDownloads = acceptDownloads,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(timeoutMs);
        await page.GotoAsync(new Uri(baseAddress, path).ToString());
        await page.FillAsync("#userName", user);
        await page.FillAsync("#password", Collab.Web.Identity.IdentityInitializer.DemoPassword);
        await page.ClickAsync("[data-testid=signin-submit]");
        await WaitForInteractivityAsync(page);
        return page;
    }

    public static Task WaitForInteractivityAsync(IPage page) =>
        Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
}
