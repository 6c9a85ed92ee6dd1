using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Grains.Plan;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests;

/// <summary>
/// The accept-a-date path (issue 13 item 5): one PO command that reads the date from the stored message, checks the sender
/// and returns the PO; the plan is not run in the command, the automatic net change re-plans after its debounce.
/// </summary>
[Collection("cluster")]
public sealed class AcceptProposedDateTests(ClusterFixture fixture)
{
    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    private async Task<(string Site, IPurchaseOrderGrain Po, IPlanGrain Plan)> PlannedPoAsync()
    {
        var site = "A" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Grains.GetGrain<ISiteGrain>(site).ImportMasterDataAsync(MasterDataSet.Empty with
        {
            Items = [new ItemData("CORPS", "Corps", "", ItemSource.Buy, "pc", 20, 10, 0, PreferredSupplier: "F1")],
            Suppliers = [new SupplierData("F1", "Fonderie", "ventes@fonderie.example", "fr")],
        }, 0, "admin");
        var po = fixture.Grains.GetGrain<IPurchaseOrderGrain>(site + "-OA1");
        await po.CreateAsync(site, new PurchaseOrderDraft("F1", [new("CORPS", 10, Today.AddDays(20))]), "acheteur");
        var plan = fixture.Grains.GetGrain<IPlanGrain>(PlanKey.Of(site));
        await plan.RecalculateAsync(Today, "planif");
        return (site, po, plan);
    }

    [Fact]
    public async Task The_date_comes_from_the_stored_message_and_the_net_change_replans_after_the_command()
    {
        var (_, po, plan) = await PlannedPoAsync();
        var proposed = Today.AddDays(30);
        var view = await po.AddMessageAsync(new SupplierMessage(fixture.Clock.GetUtcNow(), false, "Ventes <ventes@fonderie.example>", "RE: commande", "Livraison le …",
            "r1@fonderie.example", ProposedDate: proposed), "messagerie");
        var runs = (await plan.GetSnapshotsAsync()).Count;

        var accepted = await po.AcceptProposedDateAsync("r1@fonderie.example", view.Version, "acheteur");

        Assert.Equal(proposed, Assert.Single(accepted.Lines).ConfirmedDate);
        Assert.Equal(view.Version + 1, accepted.Version);
        // No plan run inside the command: the change is pending for the automatic net change.
        Assert.Equal(runs, (await plan.GetSnapshotsAsync()).Count);
        Assert.True(await plan.GetPendingChangesAsync() > 0);
        // The debounce elapses (fake clock): the net change runs by itself and reads the new confirmed date.
        fixture.Clock.Advance(PlanGrain.NetChangeDelay);
        var summary = await plan.RunNetChangeAsync() ?? await plan.GetSummaryAsync();
        Assert.Equal(PlanGrain.NetChangeUser, summary!.User);
        Assert.Equal(0, await plan.GetPendingChangesAsync());
    }

    [Fact]
    public async Task The_reply_event_carries_the_order_and_its_history_line_so_the_open_page_does_not_re_read_it()
    {
        var (site, po, _) = await PlannedPoAsync();
        var recorder = new ChangeRecorder();
        await fixture.Grains.GetGrain<IChangeBrokerGrain>(site).SubscribeAsync(fixture.Grains.CreateObjectReference<IChangeObserver>(recorder));

        var view = await po.AddMessageAsync(new SupplierMessage(fixture.Clock.GetUtcNow(), false, "Ventes <ventes@fonderie.example>", "RE: commande", "Livraison le …",
            "r2@fonderie.example", ProposedDate: Today.AddDays(30)), "messagerie");
        var reply = await recorder.WaitForAsync(c => c.Object.Id == site + "-OA1" && c.User == "messagerie" && c.Version == view.Version);

        Assert.Equal(view.Version, reply.PurchaseOrder!.Version);
        Assert.Equal("r2@fonderie.example", reply.PurchaseOrder.Thread[^1].MessageId);
        Assert.Equal(HistoryEvent.MessageReceived, reply.Entry!.Event);
        Assert.Equal(view.Version, reply.Entry.Version);

        // The accept's own event: its history line only (the buyer's page holds the view the command returned).
        var accepted = await po.AcceptProposedDateAsync("r2@fonderie.example", view.Version, "acheteur");
        var own = await recorder.WaitForAsync(c => c.Object.Id == site + "-OA1" && c.User == "acheteur" && c.Version == accepted.Version);
        Assert.Null(own.PurchaseOrder);
        Assert.Equal(HistoryEvent.ProposedDateAccepted, own.Entry!.Event);
    }

    [Fact]
    public async Task A_reply_from_an_unknown_sender_is_refused_unless_confirmed()
    {
        var (_, po, _) = await PlannedPoAsync();
        var view = await po.AddMessageAsync(new SupplierMessage(fixture.Clock.GetUtcNow(), false, "pirate@evil.example", "RE: commande", "Livraison",
            "p1@evil.example", ProposedDate: Today.AddDays(40)), "messagerie");

        var refused = await Assert.ThrowsAsync<CommandRejectedException>(() => po.AcceptProposedDateAsync("p1@evil.example", view.Version, "acheteur"));
        Assert.Equal(Refusal.SenderNotVerified, Assert.Single(refused.Reasons).Kind);
        Assert.Null(Assert.Single((await po.GetAsync())!.Lines).ConfirmedDate);

        var accepted = await po.AcceptProposedDateAsync("p1@evil.example", view.Version, "acheteur", confirmUnverified: true);
        Assert.Equal(Today.AddDays(40), Assert.Single(accepted.Lines).ConfirmedDate);
    }
}
