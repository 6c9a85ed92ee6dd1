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
}
