using System.Globalization;
using Collab.Contracts.Common;
using Collab.Web.Services;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Collab.Web.Tests.Browser;

/// <summary>
/// A planner, a buyer and a viewer signed in at once (three browser contexts) on the same purchase order of the
/// late foundry: the buyer confirms a later date, the automatic net change re-runs the plan (nobody presses
/// "Recalculer"), the planner sees the new "À avancer" message and the need date, the viewer sees it all live
/// and has no edit control.
/// </summary>
[Collection(WebHostCollection.Name)]
public sealed class SharedPlanJourneyTests(WebHostFixture host) : BrowserJourney
{
    protected override WebHostFixture Host => host;

    protected override float TimeoutMs => 30_000;

    [Fact]
    public async Task Buyer_confirms_a_later_date_the_plan_follows_by_itself_planner_and_viewer_see_it_live()
    {
        var orders = host.Factory.Services.GetRequiredService<IOrdersService>();
        var plan = host.Factory.Services.GetRequiredService<IPlanService>();
        var today = DateOnly.FromDateTime(DateTime.Today);
        var po = (await orders.ListAsync(ObjectKind.PurchaseOrder, new OrderListFilter(Party: Collab.Grains.Demo.DemoPlant.LateSupplier)))
            .Where(r => r.DueDate < today).OrderBy(r => r.Number, StringComparer.Ordinal).First().Number;
        var path = $"purchasing/{po}";

        var buyer = await SignedInPageAsync("acheteur", path);
        var planner = await SignedInPageAsync("planificateur", path);
        var viewer = await SignedInPageAsync("lecteur", path);
        foreach (var page in new[] { planner, viewer })
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = "Messages du calcul" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=exceptions] [data-code=RESCHEDULE_IN]")).ToHaveCountAsync(0);
        }

        await Assertions.Expect(viewer.Locator("[data-testid=confirm-form]")).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.Locator("[data-testid=confirm-submit]")).ToHaveCountAsync(0);
        var runBefore = (await plan.GetSummaryAsync())!.RunId;

        // The foundry can only deliver in four weeks: the buyer records the confirmed date.
        var confirmed = today.AddDays(28);
        var typed = confirmed.ToString("dd/MM/yyyy", CultureInfo.GetCultureInfo("fr-FR"));
        await buyer.Locator("input[name=editConfirmed]").FillAsync(typed);
        await buyer.Locator("input[name=editConfirmed]").PressAsync("Tab");
        await buyer.Locator("[data-testid=confirm-submit]").ClickAsync();
        await Assertions.Expect(buyer.Locator("[data-testid=lines-grid]")).ToContainTextAsync(typed);

        // The viewer's page shows the new date at once (live), before any plan run.
        await Assertions.Expect(viewer.Locator("[data-testid=lines-grid]")).ToContainTextAsync(typed);

        // A couple of seconds later the plan has re-run by itself: "À avancer" on the order, for planner and viewer.
        var plannerMessage = planner.Locator("[data-testid=exceptions] [data-code=RESCHEDULE_IN]");
        try
        {
            await Assertions.Expect(plannerMessage).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        }
        catch (PlaywrightException e)
        {
            var view = (await orders.GetPurchaseOrderAsync(po))!.View;
            throw new InvalidOperationException($"run {runBefore} → {(await plan.GetSummaryAsync())!.RunId} by {(await plan.GetSummaryAsync())!.User}; {po} lines {string.Join("; ", view.Lines.Select(l => $"{l.Item} req {l.RequestedDate} conf {l.ConfirmedDate} needed {l.NeededDate}"))}; exceptions {string.Join("; ", view.Exceptions.Select(x => $"{x.Code} {x.Order} {x.From} → {x.To}"))}", e);
        }
        await Assertions.Expect(plannerMessage).ToHaveTextAsync("À avancer");
        await Assertions.Expect(planner.Locator("[data-testid=exceptions]")).ToContainTextAsync(po);
        await Assertions.Expect(viewer.Locator("[data-testid=exceptions] [data-code=RESCHEDULE_IN]")).ToHaveTextAsync("À avancer");
        var summary = (await plan.GetSummaryAsync())!;
        Assert.NotEqual(runBefore, summary.RunId);
        Assert.Equal(Collab.Grains.Plan.PlanGrain.NetChangeUser, summary.User);
        var line = (await orders.GetPurchaseOrderAsync(po))!.View.Lines[0];
        Assert.Equal(confirmed, line.ConfirmedDate);
        Assert.NotNull(line.NeededDate);
        Assert.True(line.NeededDate < confirmed);

        // The need date the plan computed reaches the lines of every open screen.
        var needed = line.NeededDate!.Value.ToString("d", CultureInfo.GetCultureInfo("fr-FR"));
        await planner.GetByRole(AriaRole.Tab, new() { Name = "Lignes" }).ClickAsync();
        await Assertions.Expect(planner.Locator("[data-testid=lines-grid]")).ToContainTextAsync(needed);
        await viewer.GetByRole(AriaRole.Tab, new() { Name = "Lignes" }).ClickAsync();
        await Assertions.Expect(viewer.Locator("[data-testid=lines-grid]")).ToContainTextAsync(needed);
        await Assertions.Expect(viewer.Locator("[data-testid=confirm-form]")).ToHaveCountAsync(0);
        // a picture for the reviewer only (artifacts, never docs)
        var artifacts = Directory.CreateDirectory(Path.Combine(SourceTree.Root, "artifacts", "screenshots")).FullName;
        await viewer.ScreenshotAsync(new() { Path = Path.Combine(artifacts, "shared-plan-viewer-fr.png") });
    }
}
