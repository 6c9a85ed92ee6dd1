using System.Globalization;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Planning.Mrp;
using Collab.Web.Components.Pages.Orders;
using Collab.Web.Resources;
using Collab.Web.Services;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Tests.Services;

/// <summary>
/// The UI façades of the shared plan, called directly against the real in-process host (seeded demo plant):
/// filters, role refusals, the version-conflict message, translated exception types. Edits use orders the
/// tests create, so the demo the other tests look at keeps its figures.
/// </summary>
[Collection(WebHostCollection.Name)]
public sealed class PlanServicesTests(WebHostFixture host)
{
    private T Get<T>() where T : notnull => host.Factory.Services.GetRequiredService<T>();

    private DateOnly Today => DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime);

    [Fact]
    public async Task Order_lists_filter_by_lateness_item_supplier_and_status()
    {
        await DemoPlantData.WaitSeededAsync(host);
        var orders = Get<IOrdersService>();

        var all = await orders.ListAsync(ObjectKind.ManufacturingOrder, new OrderListFilter());
        var late = await orders.ListAsync(ObjectKind.ManufacturingOrder, new OrderListFilter(LateOnly: true));
        var item = all[0].Item;
        var ofItem = await orders.ListAsync(ObjectKind.ManufacturingOrder, new OrderListFilter(Item: item));
        var released = await orders.ListAsync(ObjectKind.ManufacturingOrder, new OrderListFilter(Status: nameof(ManufacturingOrderStatus.Released)));
        var foundry = await orders.ListAsync(ObjectKind.PurchaseOrder, new OrderListFilter(Party: Collab.Grains.Demo.DemoPlant.LateSupplier));

        Assert.NotEmpty(late);
        Assert.True(late.Count < all.Count);
        Assert.All(late, r => Assert.True(r.Late));
        Assert.Equal(all.Where(r => r.Late).Select(r => r.Number).Order(), late.Select(r => r.Number).Order());
        Assert.All(ofItem, r => Assert.Equal(item, r.Item));
        Assert.Equal(all.Count(r => r.Item == item), ofItem.Count);
        Assert.NotEmpty(released);
        Assert.All(released, r => Assert.Equal(nameof(ManufacturingOrderStatus.Released), r.Status));
        Assert.NotEmpty(foundry);
        Assert.All(foundry, r => Assert.Equal(Collab.Grains.Demo.DemoPlant.LateSupplier, r.Party));
        // Other tests of the shared host move foundry dates; some foundry order stays late against the plan's need.
        Assert.Contains(foundry, r => r.Late);
    }

    [Fact]
    public async Task Workstations_stock_and_dashboard_agree_with_the_demo_plan()
    {
        await DemoPlantData.WaitSeededAsync(host);

        var workstations = await Get<IWorkstationService>().ListAsync();
        var stock = Get<IStockService>();
        var valves = await stock.ListAsync(family: "VANNES");
        var classA = await stock.ListAsync(abc: "A");
        var projected = (await stock.GetProjectedAsync(valves[0].Item))!.Value;
        var dashboard = await Get<IDashboardService>().GetAsync();

        Assert.Equal(12, workstations.Count);
        Assert.Contains(workstations, w => w.Code == Collab.Grains.Demo.DemoPlant.OverloadedWorkstation && w.Overloaded && w.LoadPercentNext4Weeks.Max() > 100);
        Assert.All(workstations, w => Assert.Equal(4, w.LoadPercentNext4Weeks.Count));
        Assert.NotEmpty(valves);
        Assert.All(valves, r => Assert.Equal("VANNES", r.Family));
        Assert.NotEmpty(classA);
        Assert.All(classA, r => Assert.Equal("A", r.Abc));
        Assert.Equal(projected.Buckets.Count, projected.Row.ProjectedStock.Count);
        Assert.Null(await stock.GetProjectedAsync("N'EXISTE-PAS"));

        Assert.Equal(5, dashboard.Figures.Count);
        Assert.All(dashboard.LateOrders, o => Assert.True(o.Late));
        Assert.All(dashboard.OverloadedWorkstations, w => Assert.True(w.Overloaded));
        Assert.Contains(dashboard.OverloadedWorkstations, w => w.Code == Collab.Grains.Demo.DemoPlant.OverloadedWorkstation);
        Assert.All(dashboard.OverdueActions, a => Assert.True(a.Due < Today));
        Assert.All(dashboard.Shortages, e => Assert.Contains(e.Code, new[] { "LATE_DEMAND", "PAST_DUE_RELEASE", "RESCHEDULE_IN" }));
        Assert.InRange(dashboard.OnTimeDelivery!.Value, 0.5, 1);
    }

    [Fact]
    public async Task Actions_views_mine_overdue_and_by_origin()
    {
        await DemoPlantData.WaitSeededAsync(host);
        var orders = Get<IOrdersService>();
        var actions = Get<IActionsService>();
        var co = await orders.CreateCustomerOrderAsync(new CustomerOrderDraft("C001", [new("PF-VAN-01", 1, Today.AddDays(30))]), "acheteur");
        var on = new ObjectRef(ObjectKind.CustomerOrder, co.Number);

        var overdue = await actions.AddAsync(on, new NewAction("Rappeler le client (test services)", null, "planificateur", Today.AddDays(-1), ActionPriority.High, null), "acheteur");
        var later = await actions.AddAsync(on, new NewAction("Préparer l'offre (test services)", null, "planificateur", Today.AddDays(5), ActionPriority.Normal, null), "acheteur");

        var mine = await actions.ListAsync(ActionScope.Mine, "planificateur");
        Assert.Contains(mine, a => a.Id == overdue.Id);
        Assert.Contains(mine, a => a.Id == later.Id);
        Assert.DoesNotContain(await actions.ListAsync(ActionScope.Mine, "acheteur"), a => a.Id == overdue.Id);
        var late = await actions.ListAsync(ActionScope.Overdue, "lecteur");
        Assert.Contains(late, a => a.Id == overdue.Id);
        Assert.DoesNotContain(late, a => a.Id == later.Id);
        var onOrders = await actions.ListAsync(ActionScope.All, "lecteur", ObjectKind.CustomerOrder);
        Assert.All(onOrders, a => Assert.Equal(ObjectKind.CustomerOrder, a.Origin.Kind));
        Assert.DoesNotContain(await actions.ListAsync(ActionScope.All, "lecteur", ObjectKind.Workstation), a => a.Id == overdue.Id);

        // done: no longer mine (open only), still in "all"
        await actions.SetStatusAsync(later, ActionStatus.Done, "planificateur");
        Assert.DoesNotContain(await actions.ListAsync(ActionScope.Mine, "planificateur"), a => a.Id == later.Id);
        Assert.Contains(await actions.ListAsync(ActionScope.All, "planificateur"), a => a.Id == later.Id && a.Status == ActionStatus.Done);
        // a reader may not add one
        await Assert.ThrowsAsync<ForbiddenActionException>(() => actions.AddAsync(on, new NewAction("Pirate", null, "lecteur", Today, ActionPriority.Low, null), "lecteur"));
    }

    [Fact]
    public async Task Stale_edit_is_refused_with_who_and_when_and_changes_nothing()
    {
        await DemoPlantData.WaitSeededAsync(host);
        var orders = Get<IOrdersService>();
        var co = await orders.CreateCustomerOrderAsync(new CustomerOrderDraft("C002", [new("PF-POM-02", 2, Today.AddDays(20))]), "acheteur");
        var fresh = await orders.SetPromisedDateAsync(co.Number, 1, Today.AddDays(25), co.Version, "planificateur");

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => orders.SetPromisedDateAsync(co.Number, 1, Today.AddDays(40), co.Version, "acheteur"));

        Assert.Equal("planificateur", conflict.ModifiedBy);
        var localizer = Get<IStringLocalizer<SharedResource>>();
        var people = Get<Collab.Web.Components.Pages.People.UserDirectory>();
        await people.RefreshAsync();
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (new CultureInfo("fr-FR"), new CultureInfo("fr-FR"));
            var message = Conflict.Message(localizer, people, conflict);
            Assert.Contains("Modifié par Paule Planificatrice", message, StringComparison.Ordinal);
            Assert.Contains(conflict.ModifiedAt!.Value.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }

        var detail = (await orders.GetCustomerOrderAsync(co.Number))!;
        Assert.Equal(fresh.Version, detail.View.Version);
        Assert.Equal(Today.AddDays(25), detail.View.Lines[0].PromisedDate);
        Assert.Equal([(1L, "acheteur"), (2L, "planificateur")], detail.History.Select(h => (h.Version, h.User)));
    }

    [Fact]
    public async Task An_order_detail_shows_the_newest_200_history_lines_oldest_first()
    {
        await DemoPlantData.WaitSeededAsync(host);
        var orders = Get<IOrdersService>();
        var co = await orders.CreateCustomerOrderAsync(new CustomerOrderDraft("C002", [new("PF-POM-02", 1, Today.AddDays(20))]), "acheteur");
        var version = co.Version;
        for (var k = 0; k < HistoryReads.Recent + 4; k++)
        {
            version = (await orders.SetPromisedDateAsync(co.Number, 1, Today.AddDays(21 + k % 30), version, "planificateur")).Version;
        }

        var detail = (await orders.GetCustomerOrderAsync(co.Number))!;

        Assert.Equal(HistoryReads.Recent, detail.History.Count);
        Assert.Equal(Enumerable.Range(6, HistoryReads.Recent).Select(v => (long)v), detail.History.Select(h => h.Version));
        Assert.Equal("planificateur", detail.History[^1].User);
        Assert.Equal(HistoryEvent.PromisedDateChanged, detail.History[^1].Event);
    }

    [Fact]
    public async Task Commands_outside_the_role_are_refused()
    {
        await DemoPlantData.WaitSeededAsync(host);
        var ws = (await Get<IWorkstationService>().GetAsync("EMB-01"))!.View;

        await Assert.ThrowsAsync<ForbiddenActionException>(() => Get<IWorkstationService>().UpdateCalendarAsync("EMB-01", ws.Data.HoursByDay, 9, 1, [], ws.Version, "acheteur"));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Get<IPlanService>().SetSopStrategyAsync("VANNES", "Chase", "acheteur"));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Get<IOrdersService>().CreateCustomerOrderAsync(new CustomerOrderDraft("C003", [new("PF-VAN-01", 1, Today.AddDays(9))]), "lecteur"));
        Assert.Equal(1, (await Get<IWorkstationService>().GetAsync("EMB-01"))!.View.Data.Machines); // nothing stored
    }

    [Theory]
    [InlineData("fr-FR")]
    [InlineData("en-GB")]
    public void Every_exception_type_of_the_planning_core_has_words_in_both_languages(string culture)
    {
        var localizer = Get<IStringLocalizer<SharedResource>>();
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            var texts = Enum.GetValues<MrpExceptionType>().Select(MrpException.TypeName).ToDictionary(c => c, c => ExceptionTypes.Text(localizer, c));

            Assert.Equal(ExceptionTypes.Codes.Order(), texts.Keys.Order());
            Assert.All(texts, kv => Assert.False(localizer[ExceptionTypes.KeyOf(kv.Key)!].ResourceNotFound, kv.Key));
            Assert.All(texts, kv => Assert.NotEqual(kv.Key, kv.Value));
            Assert.Equal(texts.Count, texts.Values.Distinct().Count());
            Assert.Equal(culture.StartsWith("fr", StringComparison.Ordinal) ? "Lancement en retard" : "Past-due release", texts["PAST_DUE_RELEASE"]);
            Assert.Equal("UNKNOWN_CODE", ExceptionTypes.Text(localizer, "UNKNOWN_CODE"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
