using Collab.Contracts.Meetings;
using Collab.Contracts.Projects;
using Collab.Web.Components.Pages.Meetings;
using Collab.Web.Services;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Collab.Web.Tests.Browser;

/// <summary>
/// Each persona's daily pages at 1920×1080, in French and in English: every page opens on its own heading with no
/// error banner, and the pictures land in artifacts/screenshots (docs/screenshots with COLLAB_UPDATE_SCREENSHOTS=1)
/// as <c>tour-{persona}-{lang}-{page}.png</c> for a person to look at.
/// </summary>
[Collection(WebHostCollection.Name)]
public sealed class PersonaTourTests(WebHostFixture host) : BrowserJourney
{
    protected override WebHostFixture Host => host;

    protected override float TimeoutMs => 120_000;

    [Theory]
    [InlineData("fr-FR")]
    [InlineData("en-GB")]
    public async Task Every_persona_opens_their_pages_without_an_error_in_each_language(string culture)
    {
        var meetings = host.Factory.Services.GetRequiredService<MeetingService>();
        var series = await meetings.CreateSeriesAsync(
            MeetingSeriesDefinition.DailyProduction("animateur", [new("animateur", "", null, false), new("planificateur", "", null, false), new("acheteur", "", null, false)], "Atelier")
                with { Title = "Tour " + Guid.NewGuid().ToString("N")[..4] }, "animateur");
        var meeting = await meetings.StartMeetingAsync(series.Id, "animateur");
        var project = (await host.Factory.Services.GetRequiredService<IProjectService>().ListAsync(new PortfolioQuery()))
            .OrderByDescending(p => p.Status).ThenBy(p => p.Id, StringComparer.Ordinal).First().Id;
        var samples = await DemoPlantData.ConcreteRoutesAsync(host, ["purchasing/{Number}", "customer-orders/{Number}", "manufacturing-orders/{Number}"]);

        (string User, string Name, string[] Routes)[] personas =
        [
            ("planificateur", "planner", ["", "plan/mrp", "plan/load", "plan/sop", "plan/scheduling", "manufacturing-orders", samples[2], "master-data/items", "workstations"]),
            ("acheteur", "buyer", ["purchasing", "purchasing/follow-ups", "purchasing/scorecard", samples[0], "mail/demo-outbox"]),
            ("animateur", "facilitator", ["meetings", "meetings/" + meeting, "meetings/" + meeting + "/screen"]),
            ("chef.projet", "project-lead", ["improvement-projects", "improvement-projects/" + project, "actions"]),
            ("lecteur", "reader", ["", "customer-orders", samples[1]]),
        ];

        var lang = culture[..2];
        var failures = new List<string>();
        foreach (var (user, name, routes) in personas)
        {
            var page = await Chromium.SignInAsync(Browser, host.BaseAddress, user, "", TimeoutMs, culture);
            await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={culture}|uic={culture}"), Url = host.BaseAddress.ToString() }]);
            foreach (var route in routes)
            {
                await page.GotoAsync(new Uri(host.BaseAddress, route).ToString());
                await Chromium.WaitForInteractivityAsync(page);
                await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
                // A detail page shows its heading once its data is read (after interactivity): wait for it, do not sample.
                if (!await HasHeadingAsync(page))
                {
                    failures.Add($"{user} /{route}: no heading");
                }

                if (await page.Locator("#blazor-error-ui").IsVisibleAsync())
                {
                    failures.Add($"{user} /{route}: error banner shown");
                }

                var slug = route.Length == 0 ? "home"
                    : samples.Contains(route) || route.EndsWith("/" + project, StringComparison.Ordinal) ? route.Split('/')[0] + "-detail"
                    : route.Replace('/', '-');
                if (route.Contains(meeting, StringComparison.Ordinal))
                {
                    slug = route.EndsWith("/screen", StringComparison.Ordinal) ? "meeting-screen" : "meeting";
                }

                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SourceTree.ScreenshotDirectory, $"tour-{name}-{lang}-{slug}.png") });
            }

            await page.Context.CloseAsync();
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private async Task<bool> HasHeadingAsync(IPage page)
    {
        try
        {
            await page.Locator("h1").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
