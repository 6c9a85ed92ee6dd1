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

    public static Task WaitForInteractivityAsync(IPage page) =>
        Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
}
