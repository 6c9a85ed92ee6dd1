using System.Collections.Concurrent;
using Collab.Web.Tests.Http;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Collab.Web.Tests.Browser;

/// <summary>The Content-Security-Policy (docs/security.md) holds in Chromium: every page without route parameters
/// loads, becomes interactive (Blazor circuit, Radzen) and logs no CSP violation; no favicon 404 either.</summary>
[Collection(WebHostCollection.Name)]
public sealed class ContentSecurityPolicyTests(WebHostFixture host) : BrowserJourney
{
    protected override WebHostFixture Host => host;

    protected override float TimeoutMs => 120_000;

    protected override string? Locale => null;

    protected override bool NeedsDemoPlant => false;

    [Fact]
    public async Task No_page_violates_the_content_security_policy()
    {
        var violations = new ConcurrentQueue<string>();
        var notFound = new ConcurrentQueue<string>();

        var anonymous = await Browser.NewPageAsync();
        Watch(anonymous, "account/signin", violations, notFound);
        await anonymous.GotoAsync(new Uri(host.BaseAddress, "account/signin").ToString());
        await anonymous.WaitForLoadStateAsync(LoadState.Load);

        var page = await SignedInPageAsync("admin", string.Empty);
        var current = "/";
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Enqueue($"{current}: {message.Text}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status == 404 && response.Url.Contains("favicon", StringComparison.OrdinalIgnoreCase))
            {
                notFound.Enqueue($"{current}: {response.Url}");
            }
        };

        var routes = (await DemoPlantData.ConcreteRoutesAsync(host, PageRoutes.All
                .Where(r => !r.Anonymous && !r.Route.StartsWith("account/", StringComparison.Ordinal))
                .Select(r => r.Route)
                .Distinct()))
            .Where(r => !r.Contains('{', StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(routes);
        foreach (var route in routes)
        {
            current = "/" + route;
            await page.GotoAsync(new Uri(host.BaseAddress, route).ToString());
            await Chromium.WaitForInteractivityAsync(page);
        }

        Assert.True(violations.IsEmpty, string.Join("\n", violations));
        Assert.True(notFound.IsEmpty, string.Join("\n", notFound));
    }

    private static void Watch(IPage page, string name, ConcurrentQueue<string> violations, ConcurrentQueue<string> notFound)
    {
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Enqueue($"{name}: {message.Text}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status == 404)
            {
                notFound.Enqueue($"{name}: {response.Url}");
            }
        };
    }
}
