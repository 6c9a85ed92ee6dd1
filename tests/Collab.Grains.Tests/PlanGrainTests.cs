using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests;

[Collection("cluster")]
public sealed class PlanGrainTests(ClusterFixture fixture)
{
    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task Plan_run_pushes_need_date_endangered_orders_and_loads_then_diffs_a_change()
    {
        var site = "P" + Guid.NewGuid().ToString("N")[..8];
        var grains = fixture.Grains;
        await grains.GetGrain<ISiteGrain>(site).ImportMasterDataAsync(MasterDataSet.Empty with
        {
            Items = [new ItemData("VAN", "Vanne", "VANNES", ItemSource.Make, "pc", 100, 5, 0), new ItemData("CORPS", "Corps", "", ItemSource.Buy, "pc", 20, 10, 0, PreferredSupplier: "F1")],
            Suppliers = [new SupplierData("F1", "Fournisseur 1", "f1@fournisseur.example", "fr")],
            Bom = [new BomLineData("VAN", "CORPS", 1)],
            Routings = [new RoutingOperationData("VAN", 10, "MON", 1, 2, "Montage")],
            Workstations = [new WorkstationData("MON", "Montage", WorkstationData.Shifts(1), 1, 1, [])],
        }, 0, "admin");
        await grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(site, "MON")).ConfigureAsync(new WorkstationData("MON", "Montage", WorkstationData.Shifts(1), 1, 1, []), null, "admin");
        var co = grains.GetGrain<ICustomerOrderGrain>(site + "-CC1");
        await co.CreateAsync(site, new CustomerOrderDraft("C1", [new("VAN", 10, Today.AddDays(8))]), "adv");
        var po = grains.GetGrain<IPurchaseOrderGrain>(site + "-OA1");
        await po.CreateAsync(site, new PurchaseOrderDraft("F1", [new("CORPS", 10, Today.AddDays(35))]), "acheteur");
        var plan = grains.GetGrain<IPlanGrain>(PlanKey.Of(site));

        var first = await plan.RecalculateAsync(Today, "planif");

        Assert.True(first.Exceptions > 0);
        var poView = (await po.GetAsync())!;
        var reschedule = Assert.Single(poView.Exceptions, e => e.Code == "RESCHEDULE_IN");
        Assert.NotNull(poView.Lines[0].NeededDate);
        Assert.True(poView.Lines[0].NeededDate < poView.Lines[0].RequestedDate);
        Assert.Equal(reschedule.To, poView.Lines[0].NeededDate);
        Assert.Equal([site + "-CC1"], poView.EndangeredCustomerOrders);
        var ws = (await grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(site, "MON")).GetAsync())!;
        Assert.Equal(21, ws.Weeks.Sum(w => w.Load), 6); // 1 h setup + 10 × 2 h
        // the grain keeps the weekly figures; the orders making them and the queue are the run's
        Assert.All(ws.Weeks, w => Assert.Empty(w.Orders));
        var load = (await plan.GetWorkstationLoadAsync("MON"))!;
        Assert.Equal(first.RunId, load.RunId);
        Assert.Equal(21, load.Weeks.SelectMany(w => w.Orders).Sum(o => o.Hours), 6);
        Assert.Single(load.Queue);
        Assert.Null(await plan.GetWorkstationLoadAsync("NOPE"));
        Assert.True((await plan.GetProgressAsync()) is { Running: false, Percent: 100 });

        // the buyer gets the supplier to deliver earlier: the next run clears the message, the diff says so
        var v = (await po.GetAsync())!.Version;
        await po.ConfirmAsync(1, Today, v, "acheteur");
        var second = await plan.RecalculateAsync(Today, "planif");
        Assert.NotEqual(first.RunId, second.RunId);
        Assert.DoesNotContain((await po.GetAsync())!.Exceptions, e => e.Code == "RESCHEDULE_IN");
        var diff = await plan.GetDiffAsync(first.RunId);
        Assert.Contains(diff.Changes, c => c.Exception == Collab.Planning.Mrp.MrpExceptionType.RescheduleIn && c.Kind == PlanChangeKind.ExceptionCleared);
        Assert.Equal(2, (await plan.GetSnapshotsAsync()).Count);

        // the wall screen, each meeting's agenda and the MRP page ask for the same pair of runs: computed once
        var computed = await plan.GetDiffsComputedAsync();
        var again = await plan.GetDiffAsync(first.RunId);
        Assert.Equal(diff.Changes, again.Changes);
        Assert.Equal(computed, await plan.GetDiffsComputedAsync());

        // a new run makes another pair: computed again, then served from the cache
        var third = await plan.RecalculateAsync(Today, "planif");
        Assert.Equal(third.RunId, (await plan.GetDiffAsync(first.RunId)).ToRunId);
        Assert.Equal(third.RunId, (await plan.GetDiffAsync(first.RunId)).ToRunId);
        Assert.Equal(computed + 1, await plan.GetDiffsComputedAsync());
    }

    [Fact]
    public async Task Recalculate_without_master_data_is_refused_and_stores_nothing()
    {
        var plan = fixture.Grains.GetGrain<IPlanGrain>(PlanKey.Of("EMPTY" + Guid.NewGuid().ToString("N")[..6]));

        var error = await Assert.ThrowsAsync<CommandRejectedException>(() => plan.RecalculateAsync(Today, "planif"));

        Assert.Equal(Refusal.NoMasterData, Assert.Single(error.Reasons).Kind);
        Assert.Null(await plan.GetSummaryAsync());
        Assert.Empty(await plan.GetSnapshotsAsync());
    }
}
