using Collab.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Collab.Web.Tests.Browser;

/// <summary>The plan pages in Debian's Chromium against the real host (demo plant seeded):
/// recalculation with progress, MRP record and pegging, release of a planned order, and a second
/// user seeing the change live. Screenshots of plan, stocks, actions and dashboard pages.</summary>
[Collection(WebHostCollection.Name)]
public sealed class PlanJourneyTests(WebHostFixture host) : BrowserJourney
{
    protected override WebHostFixture Host => host;

    protected override float TimeoutMs => 30_000;

    protected override string? Locale => null;

    protected override bool NeedsDemoPlant => false;

    [Fact]
    public async Task Planner_recalculates_opens_pegging_releases_an_order_and_a_reader_sees_it_live()
    {
        var planner = await SignedInPageAsync("planificateur", "plan/mrp");
        var reader = await SignedInPageAsync("lecteur", "plan/mrp");

        // The demo plant is seeded and calculated at start-up (by the system user).
        await Assertions.Expect(planner.Locator("[data-testid=plan-summary]")).ToBeVisibleAsync();
        await Assertions.Expect(reader.Locator("[data-testid=plan-summary]")).ToBeVisibleAsync();
        // A reader may not recalculate nor release.
        await Assertions.Expect(reader.Locator("[data-testid=recalculate]")).ToHaveCountAsync(0);
        await Assertions.Expect(reader.Locator("[data-testid=release]")).ToHaveCountAsync(0);

        // Record whether the progress card ever appears (the run may be quicker than a poll).
        await planner.EvaluateAsync("""
            () => { window.__sawProgress = false;
                    const sel = '[data-testid=plan-progress]';
                    // Look at the added nodes, not the document: the card may be added and removed before the callback runs.
                    new MutationObserver(records => { for (const r of records) for (const n of r.addedNodes)
                        if (n.nodeType === 1 && (n.matches(sel) || n.querySelector(sel))) window.__sawProgress = true; })
                        .observe(document.body, { childList: true, subtree: true }); }
            """);
        await planner.Locator("[data-testid=recalculate]").ClickAsync();
        await Assertions.Expect(planner.Locator("[data-testid=plan-summary]")).ToContainTextAsync("par Paule Planificatrice");
        await Assertions.Expect(planner.Locator("[data-testid=plan-progress]")).ToHaveCountAsync(0);
        Assert.True(await planner.EvaluateAsync<bool>("() => window.__sawProgress"), "the progress bar was never shown");

        // The other user's page follows without reload.
        await Assertions.Expect(reader.Locator("[data-testid=plan-summary]")).ToContainTextAsync("par Paule Planificatrice");

        // MRP record (textbook rows) and "pourquoi ?" behind a gross requirement.
        var record = planner.Locator("[data-testid=mrp-record]");
        await Assertions.Expect(record).ToContainTextAsync("Besoins bruts");
        await Assertions.Expect(record).ToContainTextAsync("Lancements planifiés");
        await record.Locator("a[data-testid^=peg-]").First.ClickAsync();
        var pegging = planner.Locator("[data-testid=pegging]");
        await Assertions.Expect(pegging).ToContainTextAsync("Pourquoi");
        await Assertions.Expect(pegging.Locator("tbody tr").First).Not.ToContainTextAsync("Aucun besoin");
        await planner.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "plan-mrp-fr.png"), FullPage = false });

        // ISO weeks with their date in the record's heading (issue #12 item 13).
        await Assertions.Expect(record.Locator("[data-testid=week-label]").First).ToContainTextAsync("S");
        // Release the first planned order through the dialog (quantity and date default to the plan's): a fractional
        // quantity of pieces is refused with a clear message, the plan's whole quantity is accepted.
        await planner.Locator("[data-testid=release]").First.ClickAsync();
        var dialog = planner.Locator("[data-testid=release-dialog]");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        var qtyInput = dialog.Locator("[data-testid=release-qty] input");
        var planQty = await qtyInput.InputValueAsync();
        await qtyInput.FillAsync("2,5");
        await qtyInput.PressAsync("Tab");
        await dialog.Locator("[data-testid=release-confirm]").ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=release-errors]")).ToContainTextAsync("nombre entier");
        await qtyInput.FillAsync(planQty);
        await qtyInput.PressAsync("Tab");
        await dialog.Locator("[data-testid=release-confirm]").ClickAsync();
        await Assertions.Expect(planner.Locator("[data-testid=release-result]")).ToContainTextAsync("OF-");
        await Assertions.Expect(planner.Locator("[data-testid=released-as]").First).ToContainTextAsync("OF-");
        var number = (await planner.Locator("[data-testid=released-as]").First.TextContentAsync())!.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        // ... and the reader's page follows without reload: it shows the order as released, or, once the automatic net
        // change (2 s after the release) has re-run the plan and the planned order is gone, that automatic run.
        await Assertions.Expect(reader.Locator("[data-testid=released-as]", new() { HasTextString = number })
            .Or(reader.Locator("[data-testid=plan-summary]", new() { HasTextString = "calcul automatique" })).First).ToBeVisibleAsync();

        // Other plan pages, stocks, actions and dashboard render real data.
        await OpenAsync(planner, "plan/sop", "[data-testid=sop-comparison]", "Synchrone", "plan-sop-fr.png");
        await OpenAsync(planner, "plan/load", "[data-testid=load-card]", "Capacité", "plan-load-fr.png");
        await OpenAsync(planner, "stocks", "[data-testid=stock-grid]", "Couverture", "stocks-fr.png");
        await OpenAsync(planner, "actions?view=all", "[data-testid=actions-grid]", "Échéance", "actions-fr.png");
        await OpenAsync(planner, "", "[data-testid=kpis]", "Taux de service", "dashboard-kpi-fr.png");
        await planner.Locator("[data-testid=kpi-overdue-actions]").ClickAsync();
        await Assertions.Expect(planner.Locator("h1")).ToHaveTextAsync("Actions");
        await reader.Locator("[data-testid=language-switch] button[value=en-GB]").ClickAsync();
        await Assertions.Expect(reader.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await OpenAsync(reader, "plan/mrp", "[data-testid=mrp-record]", "Gross requirements", "plan-mrp-en.png");
    }

    private async Task OpenAsync(IPage page, string path, string selector, string text, string screenshot)
    {
        await page.GotoAsync(new Uri(host.BaseAddress, path).ToString());
        await Chromium.WaitForInteractivityAsync(page);
        await Assertions.Expect(page.Locator(selector).First).ToContainTextAsync(text);
        // Charts draw once measured: wait until each has its series drawn.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.rz-chart')].every(c => c.querySelector('svg path'))");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, screenshot) });
    }
}
