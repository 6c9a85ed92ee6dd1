using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Grains.Plan;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests;

/// <summary>
/// Automatic net change: an edit to a plan input re-runs the plan by itself after a quiet delay (driven by the
/// fixture's FakeTimeProvider), bursts coalesce into one run, results reach the orders as with "Recalculer".
/// Own cluster: advancing the clock must not fire other tests' timers.
/// </summary>
public sealed class NetChangeTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetLocalNow().DateTime);

    private async Task<(string Site, IPlanGrain Plan, IPurchaseOrderGrain Po, ICustomerOrderGrain Co)> NewSiteAsync()
    {
        var site = "N" + Guid.NewGuid().ToString("N")[..8];
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
        return (site, grains.GetGrain<IPlanGrain>(PlanKey.Of(site)), po, co);
    }

    [Fact]
    public async Task Edits_before_the_first_run_do_not_start_a_plan()
    {
        var (_, plan, _, _) = await NewSiteAsync();

        Assert.Equal(0, await plan.GetPendingChangesAsync());
        Assert.Null(await plan.RunNetChangeAsync());
        Assert.Null(await plan.GetSummaryAsync());
    }

    [Fact]
    public async Task A_burst_of_edits_reruns_the_plan_once_after_the_quiet_delay_and_pushes_the_consequences()
    {
        var (site, plan, po, co) = await NewSiteAsync();
        var first = await plan.RecalculateAsync(Today, "planif");
        Assert.Contains((await po.GetAsync())!.Exceptions, e => e.Code == "RESCHEDULE_IN");
        var recorder = new ChangeRecorder();
        await fixture.Grains.GetGrain<IChangeBrokerGrain>(site).SubscribeAsync(fixture.Grains.CreateObjectReference<IChangeObserver>(recorder));
        // A page reading the plan when its event arrives (the event goes out before the run is stored and pushed).
        var reader = new PlanReader(plan);
        await fixture.Grains.GetGrain<IChangeBrokerGrain>(site).SubscribeAsync(fixture.Grains.CreateObjectReference<IChangeObserver>(reader));

        // the supplier agrees to deliver in time, then the customer adds one unit: two edits, one second apart
        await po.ConfirmAsync(1, Today.AddDays(1), (await po.GetAsync())!.Version, "acheteur");
        await WaitPendingAsync(plan, 1);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await co.SetLineQtyAsync(1, 11, (await co.GetAsync())!.Version, "adv");
        await WaitPendingAsync(plan, 2);
        fixture.Clock.Advance(PlanGrain.NetChangeDelay - TimeSpan.FromMilliseconds(1));
        Assert.Equal(first.RunId, (await plan.GetSummaryAsync())!.RunId); // the second edit restarted the delay

        fixture.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var done = await recorder.WaitForAsync(c => c.Object.Kind == ObjectKind.Plan && c.What == PlanEvents.ConsequencesPushed);

        Assert.Equal(PlanGrain.NetChangeUser, done.User);
        Assert.Null(await plan.RunNetChangeAsync()); // queued behind the run (its row is written after the push): nothing left to run
        var shown = await recorder.WaitForAsync(c => c.Object.Kind == ObjectKind.Plan && c.What == PlanEvents.Recalculated && c.RunId != first.RunId);
        Assert.Equal(done.RunId, shown.RunId);
        var (read, exceptions) = await reader.Read!;
        Assert.Equal(done.RunId, read!.RunId); // the run of the event, not the one before it
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(await plan.GetExceptionsAsync()), System.Text.Json.JsonSerializer.Serialize(exceptions));
        var summary = (await plan.GetSummaryAsync())!;
        Assert.NotEqual(first.RunId, summary.RunId);
        Assert.Equal(PlanGrain.NetChangeUser, summary.User);
        Assert.Equal(2, (await plan.GetSnapshotsAsync()).Count); // one run for the burst
        Assert.Equal(0, await plan.GetPendingChangesAsync());
        Assert.DoesNotContain((await po.GetAsync())!.Exceptions, e => e.Code == "RESCHEDULE_IN");
        var load = (await fixture.Grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(site, "MON")).GetAsync())!.Weeks.Sum(w => w.Load);
        Assert.Equal(23, load, 6); // 1 h setup + 11 × 2 h: the new quantity reached the workstation
    }

    [Fact]
    public async Task Flush_runs_what_is_pending_and_messages_are_not_plan_inputs()
    {
        var (_, plan, po, _) = await NewSiteAsync();
        await plan.RecalculateAsync(Today, "planif");

        await po.AddMessageAsync(new SupplierMessage(fixture.Clock.GetUtcNow(), true, "acheteur", "Relance", "Bonjour"), "acheteur");
        Assert.Equal(0, await plan.GetPendingChangesAsync());
        Assert.Null(await plan.RunNetChangeAsync());

        await po.ReceiveAsync(1, 4, Today, "magasin");
        await WaitPendingAsync(plan, 1);
        var run = await plan.RunNetChangeAsync();

        Assert.NotNull(run);
        Assert.Equal(PlanGrain.NetChangeUser, run.User);
        Assert.Null(await plan.RunNetChangeAsync()); // nothing left
        Assert.Equal(6, (await plan.GetItemRecordAsync("CORPS"))!.ScheduledReceipts.Sum(), 6);
    }

    /// <summary>Reads the plan's summary and exceptions as a page does when the plan's first <see cref="PlanEvents.Recalculated"/> event arrives.</summary>
    private sealed class PlanReader(IPlanGrain plan) : IChangeObserver
    {
        public Task<(PlanRunSummary? Summary, IReadOnlyList<PlanExceptionView> Exceptions)>? Read { get; private set; }

        public Task OnChangedAsync(ChangeEvent change)
        {
            if (change.Object.Kind == ObjectKind.Plan && change.What == PlanEvents.Recalculated && Read is null)
            {
                Read = ReadAsync();
            }

            return Task.CompletedTask;
        }

        private async Task<(PlanRunSummary?, IReadOnlyList<PlanExceptionView>)> ReadAsync() => (await plan.GetSummaryAsync(), await plan.GetExceptionsAsync());
    }

    /// <summary>The edit returned after the plan counted it (InputChanged is awaited, interleaved).</summary>
    private static async Task WaitPendingAsync(IPlanGrain plan, int expected) => Assert.Equal(expected, await plan.GetPendingChangesAsync());
}
