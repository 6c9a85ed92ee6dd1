using Collab.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Collab.Web.Tests.Browser;

/// <summary>
/// The one Playwright set-up of the browser journeys (issue 13 item 7): Debian's Chromium launched once per test class,
/// Expect's auto-wait timeout, the demo plant waited for, a signed-in 1920×1080 page per user, screenshots in
/// <see cref="SourceTree.ScreenshotDirectory"/>. A journey class derives from it and names its host.
/// </summary>
public abstract class BrowserJourney : IAsyncLifetime
{
    protected static readonly string ScreenshotDirectory = SourceTree.ScreenshotDirectory;

    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>The shared running host the journey drives (null for a journey on its own host: it names <see cref="BaseAddress"/>).</summary>
    protected virtual WebHostFixture? Host => null;

    /// <summary>Where the journey's pages are served.</summary>
    protected virtual Uri BaseAddress => (Host ?? throw new InvalidOperationException("A journey names its host or its base address.")).BaseAddress;

    /// <summary>How long Expect (and a page's actions) auto-wait; generous, the machine is shared.</summary>
    protected virtual float TimeoutMs => 20_000;

    /// <summary>Browser locale of the signed-in pages (null: Chromium's default).</summary>
    protected virtual string? Locale => "fr-FR";

    /// <summary>Whether the journey needs the demo plant seeded before it starts.</summary>
    protected virtual bool NeedsDemoPlant => true;

    protected IBrowser Browser => browser ?? throw new InvalidOperationException("The browser starts in InitializeAsync.");

    /// <summary>Whether signed-in pages accept downloads (null: Chromium's default).</summary>
    protected virtual bool? AcceptDownloads => null;

    public virtual async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        browser = await Chromium.LaunchAsync(playwright);
        Directory.CreateDirectory(ScreenshotDirectory);
        Assertions.SetDefaultExpectTimeout(TimeoutMs);
        if (NeedsDemoPlant)
        {
            await DemoPlantData.WaitSeededAsync(Host ?? throw new InvalidOperationException("The demo plant is waited for on the shared host."));
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }

    /// <summary>A new browser context signed in as <paramref name="user"/> (demo password) on <paramref name="path"/>, ready to click.</summary>
    protected Task<IPage> SignedInPageAsync(string user, string path) =>
        Chromium.SignInAsync(Browser, BaseAddress, user, path, TimeoutMs, Locale, AcceptDownloads);

    protected static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, name) });
}
