using System.Text.Json;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests;

/// <summary>
/// Issue #17: the automatic run after an edit carries on the last run's MRP (net change); after a sequence of edits
/// each followed by such a run, a full "Recalculer" finds exactly the same plan and has nothing new to tell any order
/// or workstation. Own cluster: the edits arm net-change timers that other tests' clock moves must not fire.
/// </summary>
public sealed class PlanNetChangeGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetLocalNow().DateTime);

    [Fact]
    public async Task Net_change_runs_after_a_sequence_of_edits_equal_a_full_recalculation()
    {
        var site = "NC" + Guid.NewGuid().ToString("N")[..8];
        var grains = fixture.Grains;
        var siteGrain = grains.GetGrain<ISiteGrain>(site);
        await siteGrain.ImportMasterDataAsync(MasterDataSet.Empty with
        {
            Items =
            [
                new ItemData("VAN", "Vanne", "VANNES", ItemSource.Make, "pc", 100, 5, 0), new ItemData("CORPS", "Corps", "", ItemSource.Make, "pc", 20, 7, 2),
                new ItemData("BRUT", "Brut", "", ItemSource.Buy, "kg", 2, 14, 0, LotRule.FixedQuantity, 100, PreferredSupplier: "F1"),
                new ItemData("JOINT", "Joint", "", ItemSource.Buy, "pc", 1, 10, 5, PreferredSupplier: "F1"),
            ],
            Suppliers = [new SupplierData("F1", "Fournisseur 1", "f1@fournisseur.example", "fr")],
            Bom = [new BomLineData("VAN", "CORPS", 1), new BomLineData("VAN", "JOINT", 2), new BomLineData("CORPS", "BRUT", 1.5)],
            Routings = [new RoutingOperationData("VAN", 10, "MON", 1, 2, "Montage"), new RoutingOperationData("CORPS", 10, "USI", 0.5, 0.25, "Usinage")],
            Workstations = [new WorkstationData("MON", "Montage", WorkstationData.Shifts(1), 1, 1, []), new WorkstationData("USI", "Usinage", WorkstationData.Shifts(1), 1, 1, [])],
            Stock = [new StockData("JOINT", 30)],
        }, 0, "admin");
        foreach (var ws in new[] { "MON", "USI" })
        {
            await grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(site, ws)).ConfigureAsync(new WorkstationData(ws, ws, WorkstationData.Shifts(1), 1, 1, []), null, "admin");
        }

        var co = grains.GetGrain<ICustomerOrderGrain>(site + "-CC1");
        await co.CreateAsync(site, new CustomerOrderDraft("C1", [new("VAN", 10, Today.AddDays(15)), new("VAN", 5, Today.AddDays(40))]), "adv");
        var co2 = grains.GetGrain<ICustomerOrderGrain>(site + "-CC2");
        await co2.CreateAsync(site, new CustomerOrderDraft("C2", [new("VAN", 20, Today.AddDays(30))]), "adv");
        var po = grains.GetGrain<IPurchaseOrderGrain>(site + "-OA1");
        await po.CreateAsync(site, new PurchaseOrderDraft("F1", [new("BRUT", 100, Today.AddDays(20)), new("JOINT", 40, Today.AddDays(25))]), "acheteur");
        var mo = grains.GetGrain<IManufacturingOrderGrain>(site + "-OF1");
        await mo.CreateAsync(site, new ManufacturingOrderDraft("CORPS", 10, Today.AddDays(3), Today.AddDays(12)), "planif");
        var plan = grains.GetGrain<IPlanGrain>(PlanKey.Of(site));
        await plan.RecalculateAsync(Today, "planif");

        var edits = new List<Func<Task>>
        {
            async () => await po.SetRequestedDateAsync(1, Today.AddDays(35), (await po.GetAsync())!.Version, "acheteur"),
            async () => await co.SetLineQtyAsync(1, 14, (await co.GetAsync())!.Version, "adv"),
            async () => await mo.SetQtyAsync(16, (await mo.GetAsync())!.Version, "planif"),
            async () => await siteGrain.SetStockAsync("JOINT", 5, (await siteGrain.GetStampAsync(MasterDataKeys.Of(new StockData("JOINT", 0)))).Version, "magasin"),
            async () => await po.ConfirmAsync(2, Today.AddDays(9), (await po.GetAsync())!.Version, "acheteur"),
        };
        foreach (var edit in edits)
        {
            await edit();
            Assert.True(await plan.GetPendingChangesAsync() > 0);
            Assert.NotNull(await plan.RunNetChangeAsync());
        }

        // The plan keeps the site's master data between runs while its stamp holds: the stock edit moved the stamp,
        // so the runs after it read the new stock (not the copy held from before).
        Assert.Equal(5, (await plan.GetStockAsync()).Single(r => r.Item == "JOINT").OnHand);

        var afterNetChanges = await ViewsAsync(plan);
        var full = await plan.RecalculateAsync(Today, "planif");

        Assert.Equal(afterNetChanges, await ViewsAsync(plan));
        Assert.Equal(0, full.OrdersUpdated); // the net-change runs already told every order and workstation what a full run tells
        Assert.Contains("\"Item\":\"BRUT\"", afterNetChanges); // the views are not empty
    }

    private static async Task<string> ViewsAsync(IPlanGrain plan)
    {
        var records = new List<MrpRecordView?>();
        foreach (var item in new[] { "VAN", "CORPS", "BRUT", "JOINT" })
        {
            records.Add(await plan.GetItemRecordAsync(item));
        }

        return JsonSerializer.Serialize(new object[]
        {
            await plan.GetPlannedOrdersAsync(null), await plan.GetExceptionsAsync(), await plan.GetCapacityAsync(), await plan.GetStockAsync(), records,
        });
    }
}
