using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests;

/// <summary>
/// Issue #17: a plan run tells an order (or workstation) only what changed since the previous runs told it; a grain
/// whose call failed is told again by the next run; the runs' inputs live in their own rows, ten kept.
/// </summary>
[Collection("cluster")]
public sealed class PlanPushTests(ClusterFixture fixture)
{
    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    private async Task<(string Site, IPlanGrain Plan, IPurchaseOrderGrain Po, ICustomerOrderGrain Co, ICustomerOrderGrain Other)> PlantAsync()
    {
        var site = "PP" + Guid.NewGuid().ToString("N")[..8];
        var grains = fixture.Grains;
        await grains.GetGrain<ISiteGrain>(site).ImportMasterDataAsync(MasterDataSet.Empty with
        {
            Items =
            [
                new ItemData("VAN", "Vanne", "VANNES", ItemSource.Make, "pc", 100, 5, 0), new ItemData("CORPS", "Corps", "", ItemSource.Buy, "pc", 20, 10, 0, PreferredSupplier: "F1"),
                new ItemData("POMPE", "Pompe", "POMPES", ItemSource.Buy, "pc", 300, 5, 0, PreferredSupplier: "F1"),
            ],
            Suppliers = [new SupplierData("F1", "Fournisseur 1", "f1@fournisseur.example", "fr")],
            Bom = [new BomLineData("VAN", "CORPS", 1)],
            Routings = [new RoutingOperationData("VAN", 10, "MON", 1, 2, "Montage")],
            Workstations = [new WorkstationData("MON", "Montage", WorkstationData.Shifts(1), 1, 1, [])],
        }, 0, "admin");
        await grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(site, "MON")).ConfigureAsync(new WorkstationData("MON", "Montage", WorkstationData.Shifts(1), 1, 1, []), null, "admin");
        var co = grains.GetGrain<ICustomerOrderGrain>(site + "-CC1");
        await co.CreateAsync(site, new CustomerOrderDraft("C1", [new("VAN", 10, Today.AddDays(8))]), "adv");
        var other = grains.GetGrain<ICustomerOrderGrain>(site + "-CC2");
        await other.CreateAsync(site, new CustomerOrderDraft("C2", [new("POMPE", 1, Today.AddDays(60))]), "adv");
        var po = grains.GetGrain<IPurchaseOrderGrain>(site + "-OA1");
        await po.CreateAsync(site, new PurchaseOrderDraft("F1", [new("CORPS", 10, Today.AddDays(35))]), "acheteur");
        return (site, grains.GetGrain<IPlanGrain>(PlanKey.Of(site)), po, co, other);
    }

    [Fact]
    public async Task A_second_run_with_nothing_changed_calls_no_order_and_a_change_calls_only_the_orders_it_changes()
    {
        var (_, plan, po, co, other) = await PlantAsync();

        var first = await plan.RecalculateAsync(Today, "planif");
        Assert.Equal(4, first.OrdersUpdated); // 2 customer orders, 1 purchase order, 1 workstation: never told before
        var needed = (await po.GetAsync())!.Lines[0].NeededDate;
        Assert.NotNull(needed);

        var second = await plan.RecalculateAsync(Today, "planif");
        Assert.Equal(0, second.OrdersUpdated);
        Assert.Equal(needed, (await po.GetAsync())!.Lines[0].NeededDate);
        var otherVersion = (await other.GetAsync())!.Version;

        // the supplier delivers in time: the PO's message clears (it is told), the unrelated order is not called
        await po.ConfirmAsync(1, Today, (await po.GetAsync())!.Version, "acheteur");
        var third = await plan.RecalculateAsync(Today, "planif");
        Assert.InRange(third.OrdersUpdated, 1, 3);
        var poView = (await po.GetAsync())!;
        Assert.DoesNotContain(poView.Exceptions, e => e.Code == "RESCHEDULE_IN");
        Assert.Null(poView.Lines[0].NeededDate);
        Assert.Equal(otherVersion, (await other.GetAsync())!.Version);
        Assert.Equal(0, (await plan.RecalculateAsync(Today, "planif")).OrdersUpdated);
        Assert.NotNull(await co.GetAsync());
    }

    [Fact]
    public async Task An_order_whose_write_failed_is_told_again_by_the_next_run()
    {
        var (site, plan, po, _, _) = await PlantAsync();
        fixture.Faults.FailWritesOf(site + "-OA1");
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => plan.RecalculateAsync(Today, "planif"));
        }
        finally
        {
            fixture.Faults.Heal();
        }

        Assert.Null((await po.GetAsync())!.Lines[0].NeededDate);

        var next = await plan.RecalculateAsync(Today, "planif");

        Assert.Equal(1, next.OrdersUpdated); // only the purchase order: the others were told by the failed run
        Assert.NotNull((await po.GetAsync())!.Lines[0].NeededDate);
    }

    [Fact]
    public async Task Ten_runs_are_kept_in_their_own_rows_and_diffs_read_them()
    {
        var (_, plan, po, _, _) = await PlantAsync();
        var first = await plan.RecalculateAsync(Today, "planif");
        var second = await plan.RecalculateAsync(Today, "planif");
        await po.ConfirmAsync(1, Today, (await po.GetAsync())!.Version, "acheteur");
        for (var k = 0; k < 10; k++)
        {
            await plan.RecalculateAsync(Today, "planif");
        }

        var kept = await plan.GetSnapshotsAsync();
        Assert.Equal(10, kept.Count);
        Assert.DoesNotContain(kept, r => r.RunId == first.RunId || r.RunId == second.RunId);
        await Assert.ThrowsAsync<CommandRejectedException>(() => plan.GetDiffAsync(second.RunId));
        var diff = await plan.GetDiffAsync(kept[^1].RunId);
        Assert.Empty(diff.Changes); // the oldest kept already had the confirmation

        // the plan rebuilds its last run from that run's row after a reactivation
        var summary = (await plan.GetSummaryAsync())!;
        await fixture.Cluster.DeactivateAsync(plan);
        Assert.Equal(summary.PlannedOrders, (await plan.GetPlannedOrdersAsync(null)).Count);
        Assert.Equal(10, (await plan.GetSnapshotsAsync()).Count);
    }
}
