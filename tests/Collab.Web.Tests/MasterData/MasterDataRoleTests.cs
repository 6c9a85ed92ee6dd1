using Collab.Contracts.Sites;
using Collab.Web.Components.Pages.MasterData;
using Collab.Web.Services;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.Web.Tests.MasterData;

/// <summary>Roles on master data, server-side (every command refused to a reader) and in the page (no edit control).</summary>
[Collection(WebHostCollection.Name)]
public sealed class MasterDataRoleTests(WebHostFixture host)
{
    private MasterDataService Service => host.Factory.Services.GetRequiredService<MasterDataService>();

    [Fact]
    public async Task Every_master_data_command_is_refused_to_a_reader_and_nothing_changes()
    {
        await DemoPlantData.WaitSeededAsync(host);
        var before = await Service.GetAsync();
        var item = before.Items[0];
        var ws = before.Workstations[0];
        Func<Task>[] commands =
        [
            () => Service.SaveItemAsync(item with { LeadTimeDays = 99 }, 1, "lecteur"),
            () => Service.SaveBomAsync(item.Code, [], 1, "lecteur"),
            () => Service.SaveRoutingAsync(item.Code, [], 1, "lecteur"),
            () => Service.RetireItemAsync(item.Code, 1, "lecteur"),
            () => Service.SaveSupplierAsync(before.Suppliers[0] with { Name = "X" }, 1, "lecteur"),
            () => Service.SaveCustomerAsync(before.Customers[0] with { Name = "X" }, 1, "lecteur"),
            () => Service.SaveForecastsAsync(item.Code, false, [], 1, "lecteur"),
            () => Service.MoveStockAsync(item.Code, StockMovementKind.Receipt, 1, "test", 1, "lecteur"),
            () => Service.SaveWorkstationAsync(ws with { Machines = 9 }, "lecteur"),
            () => Service.CreateCustomerOrderAsync(new Collab.Contracts.Orders.CustomerOrderDraft(before.Customers[0].Code, [new(item.Code, 1, Service.Today.AddDays(30))]), "lecteur"),
        ];

        foreach (var command in commands)
        {
            await Assert.ThrowsAsync<ForbiddenActionException>(command);
        }

        var after = await Service.GetAsync();
        Assert.Equal(before.Items, after.Items);
        Assert.Equal(before.Bom, after.Bom);
        Assert.Equal(before.Routings, after.Routings);
    }

    [Fact]
    public async Task A_buyer_may_change_purchase_parameters_of_a_bought_item_only()
    {
        await DemoPlantData.WaitSeededAsync(host);
        var data = await Service.GetAsync();
        var made = data.Items.First(i => i.Source == ItemSource.Make);
        var bought = data.Items.First(i => i.Source == ItemSource.Buy);

        await Assert.ThrowsAsync<ForbiddenActionException>(() => Service.SaveItemAsync(made with { LeadTimeDays = made.LeadTimeDays + 1 }, 1, "acheteur"));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Service.SaveItemAsync(bought with { Description = "Autre" }, 1, "acheteur"));
    }

    [Fact]
    public async Task A_reader_sees_the_item_page_without_any_edit_control()
    {
        await DemoPlantData.WaitSeededAsync(host);
        var code = (await Service.GetAsync()).Items.First(i => i.Source == ItemSource.Make).Code;
        using var reader = await host.SignInAsync("lecteur");
        using var planner = await host.SignInAsync("planificateur");

        var readerHtml = await reader.Http.GetStringAsync($"master-data/items/{Uri.EscapeDataString(code)}");
        var plannerHtml = await planner.Http.GetStringAsync($"master-data/items/{Uri.EscapeDataString(code)}");

        Assert.Contains("md-item-form", readerHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("md-item-save", readerHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("md-bom-save", readerHtml, StringComparison.Ordinal);
        Assert.Contains("md-item-save", plannerHtml, StringComparison.Ordinal);
        Assert.Contains("md-bom-save", plannerHtml, StringComparison.Ordinal);
    }
    [Theory]
    [InlineData("admin", true, true)]
    [InlineData("planificateur", true, true)]
    [InlineData("acheteur", false, true)]
    [InlineData("lecteur", false, false)]
    public async Task Rights_on_master_data_follow_the_role(string user, bool plans, bool buys)
    {
        Assert.Equal(plans, await Service.CanPlanAsync(user));
        Assert.Equal(buys, await Service.CanBuyAsync(user));
    }

    /// <summary>Acheteur: suppliers, customers and the purchase parameters of bought items; never items' technical data, BOMs,
    /// routings, workstations, forecasts or stock. Each allowed change is put back afterwards (the demo plant is shared).</summary>
    [Fact]
    public async Task A_buyer_edits_suppliers_and_purchase_parameters_but_not_boms_routings_workstations_forecasts_or_stock()
    {
        await DemoPlantData.WaitSeededAsync(host);
        var data = await Service.GetAsync();
        var bought = data.Items.First(i => i.Source == ItemSource.Buy);
        var made = data.Items.First(i => i.Source == ItemSource.Make && data.Bom.Any(b => b.Parent == i.Code));
        var supplier = data.Suppliers[0];

        var stamp = await Service.SaveItemAsync(bought with { LeadTimeDays = bought.LeadTimeDays + 3, MinQty = bought.MinQty + 10 }, (await Service.StampAsync(MasterDataKeys.Of(bought))).Version, "acheteur");
        Assert.Equal("acheteur", stamp.ModifiedBy);
        Assert.Equal(bought.LeadTimeDays + 3, (await Service.GetAsync()).Items.Single(i => i.Code == bought.Code).LeadTimeDays);
        await Service.SaveItemAsync(bought, stamp.Version, "acheteur");
        var s = await Service.SaveSupplierAsync(supplier with { Contact = "Mme Achats" }, (await Service.StampAsync(MasterDataKeys.Of(supplier))).Version, "acheteur");
        Assert.Equal("acheteur", s.ModifiedBy);
        await Service.SaveSupplierAsync(supplier, s.Version, "acheteur");

        var before = await Service.GetAsync();
        Func<Task>[] refused =
        [
            () => Service.SaveItemAsync(bought with { Code = "NOUVEAU-ACH", Description = "Créé par l'acheteur" }, 0, "acheteur"),
            () => Service.SaveItemAsync(bought with { SafetyStock = bought.SafetyStock + 1 }, 1, "acheteur"),
            () => Service.SaveBomAsync(made.Code, [], 1, "acheteur"),
            () => Service.SaveRoutingAsync(made.Code, [], 1, "acheteur"),
            () => Service.RetireItemAsync(bought.Code, 1, "acheteur"),
            () => Service.SaveWorkstationAsync(data.Workstations[0] with { Machines = 9 }, "acheteur"),
            () => Service.SaveForecastsAsync(made.Code, false, [], 1, "acheteur"),
            () => Service.MoveStockAsync(bought.Code, StockMovementKind.Receipt, 1, "test", 1, "acheteur"),
        ];
        foreach (var command in refused)
        {
            await Assert.ThrowsAsync<ForbiddenActionException>(command);
        }

        var after = await Service.GetAsync();
        Assert.Equal(before.Items, after.Items);
        Assert.Equal(before.Bom, after.Bom);
        Assert.Equal(before.Routings, after.Routings);
        Assert.Equal(before.Forecasts, after.Forecasts);
        Assert.Equal(before.Stock, after.Stock);
        Assert.Equal(before.Workstations.Select(w => (w.Code, w.Machines)), after.Workstations.Select(w => (w.Code, w.Machines)));
    }

    /// <summary>Admin and Planificateur: items, BOMs, routings, workstations and forecasts (each saved as it is: a new version
    /// by that user, content unchanged, so the shared demo plant stays as seeded).</summary>
    [Theory]
    [InlineData("admin")]
    [InlineData("planificateur")]
    public async Task An_admin_and_a_planner_edit_items_boms_routings_workstations_and_forecasts(string user)
    {
        await DemoPlantData.WaitSeededAsync(host);
        var data = await Service.GetAsync();
        var made = data.Items.First(i => i.Source == ItemSource.Make && data.Bom.Any(b => b.Parent == i.Code) && data.Routings.Any(r => r.Item == i.Code));
        var forecast = data.Forecasts.First(f => !f.IsFamily);

        async Task<long> V(string key) => (await Service.StampAsync(key)).Version;
        var stamps = new[]
        {
            await Service.SaveItemAsync(made, await V(MasterDataKeys.Of(made)), user),
            await Service.SaveBomAsync(made.Code, [.. data.Bom.Where(b => b.Parent == made.Code)], await V($"{MasterDataKeys.Bom}:{made.Code}"), user),
            await Service.SaveRoutingAsync(made.Code, [.. data.Routings.Where(r => r.Item == made.Code)], await V($"{MasterDataKeys.Routing}:{made.Code}"), user),
            await Service.SaveForecastsAsync(forecast.Code, false, [.. data.Forecasts.Where(f => f.Code == forecast.Code && !f.IsFamily)], await V(MasterDataKeys.ForecastOf(forecast.Code, false)), user),
        };
        await Service.SaveWorkstationAsync(data.Workstations[0], user);

        Assert.All(stamps, st => Assert.Equal(user, st.ModifiedBy));
        Assert.Equal(user, (await Service.StampAsync(MasterDataKeys.Of(data.Workstations[0]))).ModifiedBy);
        var after = await Service.GetAsync();
        Assert.Equal(data.Items, after.Items);
        Assert.Equal(data.Bom.OrderBy(b => b.Parent, StringComparer.Ordinal).ThenBy(b => b.Component, StringComparer.Ordinal), after.Bom.OrderBy(b => b.Parent, StringComparer.Ordinal).ThenBy(b => b.Component, StringComparer.Ordinal));
    }
    [Theory]
    [InlineData("master-data/items", "md-item-new")]
    [InlineData("master-data/workstations", "md-ws-save")]
    [InlineData("master-data/partners", "md-supplier-save", "md-customer-save")]
    [InlineData("master-data/demand", "md-order-create", "md-forecast-save-")]
    [InlineData("master-data/stock?item=", "md-stock-record")]
    public async Task A_reader_sees_every_master_data_page_without_its_edit_controls(string path, params string[] controls)
    {
        await DemoPlantData.WaitSeededAsync(host);
        if (path.EndsWith('='))
        {
            path += Uri.EscapeDataString((await Service.GetAsync()).Items[0].Code);
        }

        using var reader = await host.SignInAsync("lecteur");
        using var planner = await host.SignInAsync("planificateur");
        var readerHtml = await reader.Http.GetStringAsync(path);
        var plannerHtml = await planner.Http.GetStringAsync(path);

        Assert.Contains("collab-page-title", readerHtml, StringComparison.Ordinal);
        foreach (var control in controls)
        {
            Assert.DoesNotContain(control, readerHtml, StringComparison.Ordinal);
            Assert.Contains(control, plannerHtml, StringComparison.Ordinal);
        }
    }
}
