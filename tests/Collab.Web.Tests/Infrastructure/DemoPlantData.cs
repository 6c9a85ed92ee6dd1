using Collab.Contracts.Common;
using Collab.Web.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Collab.Web.Tests.Infrastructure;

/// <summary>
/// The demo plant the host seeds on start, as a barrier (awaits the seeder's own task, no polling)
/// and as sample values for the route parameters of detail pages.
/// </summary>
public static class DemoPlantData
{
    public static async Task WaitSeededAsync(WebHostFixture host)
    {
        var seeder = host.Factory.Services.GetServices<IHostedService>().OfType<DemoSeeder>().Single();
        await (seeder.ExecuteTask ?? Task.CompletedTask).WaitAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>Concrete URLs for every page route (parameters replaced by objects of the demo plant).</summary>
    public static async Task<IReadOnlyList<string>> ConcreteRoutesAsync(WebHostFixture host, IEnumerable<string> routes)
    {
        await WaitSeededAsync(host);
        var orders = host.Factory.Services.GetRequiredService<IOrdersService>();
        var samples = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["manufacturing-orders/{Number}"] = await FirstAsync(orders, ObjectKind.ManufacturingOrder),
            ["purchasing/{Number}"] = await FirstAsync(orders, ObjectKind.PurchaseOrder),
            ["customer-orders/{Number}"] = await FirstAsync(orders, ObjectKind.CustomerOrder),
            ["workstations/{Code}"] = Collab.Grains.Demo.DemoPlant.OverloadedWorkstation,
            ["master-data/items/{Code}"] = (await host.Factory.Services.GetRequiredService<Collab.Web.Components.Pages.MasterData.MasterDataService>().GetAsync()).Items[0].Code,
        };
        return [.. routes.Select(r => samples.TryGetValue(r, out var value) ? r[..r.IndexOf('{', StringComparison.Ordinal)] + Uri.EscapeDataString(value) : r)];
    }

    public static async Task<string> FirstAsync(IOrdersService orders, ObjectKind kind) =>
        (await orders.ListAsync(kind, new OrderListFilter())).OrderBy(o => o.Number, StringComparer.Ordinal).First().Number;
}
