using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Web.Components.Pages.Purchasing;
using Collab.Web.Services;

namespace Collab.Web.Tests.Services;

/// <summary>
/// The PO page shows a supplier's reply from its change event instead of re-reading the order (issue #13, the path
/// "supplier reply → … → big screen"); it re-reads whenever the event does not bring all it needs.
/// </summary>
public sealed class PurchaseOrderLiveTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static PurchaseOrderView View(long version, string supplier = "F1", int messages = 0) =>
        new("OA-1", "DEMO", supplier, "acheteur", PurchaseOrderStatus.Sent, [], [], [],
            [.. Enumerable.Range(1, messages).Select(i => new SupplierMessage(At, false, "f1@example", "RE", "Bonjour", $"m{i}@example"))], version, "acheteur", At);

    private static HistoryEntry Line(long version, HistoryEvent what) => new(version, At, "messagerie", what.ToString(), [], what);

    private static OrderDetail<PurchaseOrderView> Shown(long version) => new(View(version), [], [Line(version, HistoryEvent.PurchaseOrderCreated)]);

    private static ChangeEvent Event(long version, string user = "messagerie", PurchaseOrderView? po = null, HistoryEntry? entry = null) =>
        new(new ObjectRef(ObjectKind.PurchaseOrder, "OA-1"), version, user, At, "MessageReceived", PurchaseOrder: po, Entry: entry);

    [Fact]
    public void A_reply_that_follows_the_version_shown_is_shown_from_the_event()
    {
        var taken = PurchaseOrderLive.Take(Shown(3), "F1", Event(4, po: View(4, messages: 1), entry: Line(4, HistoryEvent.MessageReceived)));

        Assert.NotNull(taken);
        Assert.Equal(4, taken.View.Version);
        Assert.Single(taken.View.Thread);
        Assert.Equal([3L, 4L], taken.History.Select(h => h.Version));
    }

    [Fact]
    public void The_event_of_the_page_s_own_command_only_adds_its_history_line_once()
    {
        var shown = Shown(5); // the view the accept returned
        var taken = PurchaseOrderLive.Take(shown, "F1", Event(5, "acheteur", entry: Line(5, HistoryEvent.ProposedDateAccepted)));

        Assert.NotNull(taken);
        Assert.Same(shown.View, taken.View);
        Assert.Single(taken.History); // version 5 was already there
        var accepted = PurchaseOrderLive.Take(Shown(4) with { View = View(5) }, "F1", Event(5, "acheteur", entry: Line(5, HistoryEvent.ProposedDateAccepted)));
        Assert.Equal([4L, 5L], accepted!.History.Select(h => h.Version));
    }

    [Fact]
    public void Anything_the_event_does_not_carry_is_re_read()
    {
        var shown = Shown(3);
        var reply = View(4, messages: 1);
        var line = Line(4, HistoryEvent.MessageReceived);

        Assert.Null(PurchaseOrderLive.Take(shown, "F1", Event(5, po: View(5), entry: Line(5, HistoryEvent.MessageReceived)))); // a version skipped (coalesced)
        Assert.Null(PurchaseOrderLive.Take(shown, "F1", Event(4, entry: line))); // another command: no order in the event
        Assert.Null(PurchaseOrderLive.Take(shown, "F1", Event(3, SystemLogins.Plan))); // the plan's write keeps the version
        Assert.Null(PurchaseOrderLive.Take(shown, "F2", Event(4, po: reply, entry: line))); // the page shows another supplier
        Assert.Null(PurchaseOrderLive.Take(null, "F1", Event(4, po: reply, entry: line))); // nothing shown yet
        Assert.Null(PurchaseOrderLive.Take(shown, "F1", new ChangeEvent(new ObjectRef(ObjectKind.Site, "*"), 0, "", At, LiveUpdates.ResyncWhat)));
    }
}
