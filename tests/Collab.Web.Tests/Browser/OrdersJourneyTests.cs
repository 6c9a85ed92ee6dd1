using System.Text.RegularExpressions;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Web.Services;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Collab.Web.Tests.Browser;

/// <summary>Orders and workstations pages in Chromium: progress declaration seen live by another user,
/// stale edit refused with the French conflict message, and 1920×1080 screenshots of each page.</summary>
[Collection(WebHostCollection.Name)]
public sealed class OrdersJourneyTests(WebHostFixture host) : BrowserJourney
{
    protected override WebHostFixture Host => host;

    [Fact]
    public async Task Planner_declares_progress_another_user_sees_it_live_and_a_stale_edit_reports_the_conflict()
    {
        var orders = host.Factory.Services.GetRequiredService<IOrdersService>();
        var number = await ReleasedOrderWithoutProgressAsync(orders);

        var planner = await SignedInPageAsync("planificateur", "manufacturing-orders");
        await Assertions.Expect(planner.Locator("h1")).ToHaveTextAsync("Ordres de fabrication");
        await Assertions.Expect(planner.Locator("[data-testid=orders-grid] tr[data-late=true]").First).ToBeVisibleAsync();
        await Assertions.Expect(planner.Locator("[data-testid=orders-grid] tr[data-late=true] td .rz-cell-data").First).ToHaveCSSAsync("color", "rgb(244, 67, 54)");
        await Assertions.Expect(planner.Locator("[data-testid=orders-grid] tr[data-late=false] td .rz-cell-data").First).Not.ToHaveCSSAsync("color", "rgb(244, 67, 54)");
        await ScreenshotAsync(planner, "manufacturing-orders-fr.png");

        await planner.GotoAsync(new Uri(host.BaseAddress, $"manufacturing-orders/{number}").ToString());
        await Chromium.WaitForInteractivityAsync(planner);
        await Assertions.Expect(planner.Locator("[data-testid=mo-status]")).ToHaveTextAsync("Lancé");

        // A second user (administrator) shows the same order and starts typing a new due date.
        var other = await SignedInPageAsync("admin", $"manufacturing-orders/{number}");
        await Assertions.Expect(other.Locator("[data-testid=mo-status]")).ToHaveTextAsync("Lancé");
        var dueInput = other.Locator("input[name=editDue]");
        var typedDue = DateTime.Today.AddDays(60).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
        await dueInput.FillAsync(typedDue);
        await dueInput.PressAsync("Tab");

        // Inline validation: a negative quantity is refused before sending.
        await planner.Locator("input[name=declGood]").FillAsync("-2");
        await planner.Locator("input[name=declGood]").PressAsync("Tab");
        await Assertions.Expect(planner.Locator("[data-testid=progress-good-error]")).ToHaveTextAsync("La valeur ne peut pas être négative.");
        await Assertions.Expect(planner.Locator("[data-testid=progress-submit]")).ToBeDisabledAsync();

        await planner.Locator("input[name=declGood]").FillAsync("3");
        await planner.Locator("input[name=declGood]").PressAsync("Tab");
        await planner.Locator("input[name=declScrap]").FillAsync("1");
        await planner.Locator("input[name=declScrap]").PressAsync("Tab");
        await planner.Locator("input[name=declHours]").FillAsync("2,5");
        await planner.Locator("input[name=declHours]").PressAsync("Tab");
        await Assertions.Expect(planner.Locator("[data-testid=progress-good-error]")).ToHaveCountAsync(0);
        await planner.Locator("[data-testid=progress-submit]").ClickAsync();
        await Assertions.Expect(planner.Locator("[data-testid=mo-status]")).ToHaveTextAsync("En cours");
        await Assertions.Expect(planner.Locator("[data-testid=mo-wip]")).ToHaveTextAsync("3");
        await ScreenshotAsync(planner, "manufacturing-order-fr.png");

        // The other screen follows without reload.
        await Assertions.Expect(other.Locator("[data-testid=mo-status]")).ToHaveTextAsync("En cours");
        await Assertions.Expect(other.Locator("[data-testid=mo-wip]")).ToHaveTextAsync("3");
        await Assertions.Expect(other.Locator("[data-testid=mo-version]")).ToContainTextAsync("Paule Planificatrice");

        // Its edit was based on the previous version: refused, who and when shown, typed date kept.
        await other.Locator("[data-testid=reschedule-submit]").ClickAsync();
        await Assertions.Expect(other.Locator("[data-testid=conflict]")).ToContainTextAsync(new Regex(@"Modifié par (planificateur|Paule Planificatrice) à \d{2}:\d{2}"));
        await Assertions.Expect(dueInput).ToHaveValueAsync(typedDue);
        var after = (await orders.GetManufacturingOrderAsync(number))!.View;
        Assert.Equal(ManufacturingOrderStatus.InProgress, after.Status);
        Assert.NotEqual(DateOnly.FromDateTime(DateTime.Today.AddDays(60)), after.Due);

        // Saving again (now based on the version shown) goes through.
        await other.Locator("[data-testid=reschedule-submit]").ClickAsync();
        await Assertions.Expect(other.Locator("[data-testid=conflict]")).ToHaveCountAsync(0);
        await Assertions.Expect(other.Locator("[data-testid=mo-due]")).ToHaveTextAsync(typedDue);
    }

    [Fact]
    public async Task Purchasing_customer_orders_and_workstations_pages_render_for_a_buyer()
    {
        var orders = host.Factory.Services.GetRequiredService<IOrdersService>();
        var page = await SignedInPageAsync("acheteur", "purchasing");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Achats");
        await Assertions.Expect(page.Locator("[data-testid=orders-grid] tr[data-late=true]").First).ToBeVisibleAsync();
        await ScreenshotAsync(page, "purchasing-fr.png");

        var late = (await orders.ListAsync(ObjectKind.PurchaseOrder, new OrderListFilter(LateOnly: true))).First().Number;
        await page.GotoAsync(new Uri(host.BaseAddress, $"purchasing/{late}").ToString());
        await Chromium.WaitForInteractivityAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(late);
        await Assertions.Expect(page.Locator("[data-testid=confirm-form]")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "purchase-order-fr.png");

        await page.GotoAsync(new Uri(host.BaseAddress, "customer-orders").ToString());
        await Chromium.WaitForInteractivityAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Commandes clients");
        await Assertions.Expect(page.Locator("[data-testid=orders-grid]")).ToContainTextAsync("Optionnelle");
        await ScreenshotAsync(page, "customer-orders-fr.png");

        var co = (await orders.ListAsync(ObjectKind.CustomerOrder, new OrderListFilter())).First(o => !o.Firm).Number;
        await page.GotoAsync(new Uri(host.BaseAddress, $"customer-orders/{co}").ToString());
        await Chromium.WaitForInteractivityAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=co-firmness]")).ToContainTextAsync("Optionnelle");
        await ScreenshotAsync(page, "customer-order-fr.png");

        await page.GotoAsync(new Uri(host.BaseAddress, "workstations").ToString());
        await Chromium.WaitForInteractivityAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Postes de charge");
        await Assertions.Expect(page.Locator("[data-testid=workstations-grid] tr[data-overloaded=true]").First).ToContainTextAsync(Collab.Grains.Demo.DemoPlant.OverloadedWorkstation);
        await ScreenshotAsync(page, "workstations-fr.png");

        await page.GotoAsync(new Uri(host.BaseAddress, $"workstations/{Collab.Grains.Demo.DemoPlant.OverloadedWorkstation}").ToString());
        await Chromium.WaitForInteractivityAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=load-chart] svg").First).ToBeVisibleAsync();
        // The orders making the load and the queue come from the plan's run (the grain keeps weekly figures only).
        await Assertions.Expect(page.Locator("[data-testid=queue-grid] tbody tr td a[href^='/manufacturing-orders/']").First).ToBeAttachedAsync();
        // A buyer may read the calendar but not change it.
        await Assertions.Expect(page.Locator("[data-testid=calendar-submit]")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "workstation-fr.png");
    }

    [Fact]
    public async Task The_order_list_renders_a_window_of_rows_and_scrolling_brings_the_last_order()
    {
        // Issue #17: the grid is virtualised and asks the service for the rows in view (server-side window).
        var orders = host.Factory.Services.GetRequiredService<IOrdersService>();
        var all = (await orders.ListAsync(ObjectKind.ManufacturingOrder, new OrderListFilter())).OrderBy(r => r.DueDate).ThenBy(r => r.Number, StringComparer.Ordinal).ToList();
        var page = await SignedInPageAsync("planificateur", "manufacturing-orders");
        await Assertions.Expect(page.Locator("[data-testid=order-link]").First).ToHaveTextAsync(all[0].Number);
        await Assertions.Expect(page.Locator("[data-testid=order-count]")).ToContainTextAsync($"{all.Count} ordre(s)");
        Assert.InRange(await page.Locator("[data-testid=orders-grid] tr[data-late]").CountAsync(), 1, all.Count - 1);

        await page.Locator("[data-testid=orders-grid] .rz-data-grid-data").EvaluateAsync("el => el.scrollTop = el.scrollHeight");
        await Assertions.Expect(page.Locator("[data-testid=order-link]", new() { HasTextString = all[^1].Number })).ToBeVisibleAsync();
    }

    private static async Task<string> ReleasedOrderWithoutProgressAsync(IOrdersService orders)
    {
        foreach (var row in (await orders.ListAsync(ObjectKind.ManufacturingOrder, new OrderListFilter(Status: nameof(ManufacturingOrderStatus.Released)))).OrderBy(r => r.Number, StringComparer.Ordinal))
        {
            var mo = (await orders.GetManufacturingOrderAsync(row.Number))!.View;
            if (mo.Operations.Count >= 2 && mo.Progress.Count == 0 && mo.Qty >= 5)
            {
                return mo.Number;
            }
        }

        throw new InvalidOperationException("the demo plant has no released order without progress");
    }
}
