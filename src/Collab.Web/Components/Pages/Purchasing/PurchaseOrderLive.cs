using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Web.Services;

namespace Collab.Web.Components.Pages.Purchasing;

/// <summary>
/// What a change event of a purchase order lets its open page show without re-reading the order (the path "supplier
/// reply → … → big screen", docs/architecture.md): the event of the command whose view the page already holds (same
/// version) only adds its history line; a thread event (a reply received, a mail sent) that follows the version shown
/// carries the order and its history line. Anything else — a plan write, an event without them, a version skipped
/// (coalesced events), another supplier, a catch-up — is re-read: <see cref="Take"/> returns null.
/// </summary>
public static class PurchaseOrderLive
{
    public static OrderDetail<PurchaseOrderView>? Take(OrderDetail<PurchaseOrderView>? shown, string? supplierShown, ChangeEvent change)
    {
        if (shown is null || LiveUpdates.IsResync(change) || change.User == SystemLogins.Plan || change.Entry is not { } entry)
        {
            return null;
        }

        if (change.Version == shown.View.Version)
        {
            return shown with { History = WithLine(shown.History, entry) };
        }

        if (change.Version == shown.View.Version + 1 && change.PurchaseOrder is { } view && view.Version == change.Version && view.Supplier == supplierShown)
        {
            return new OrderDetail<PurchaseOrderView>(view, shown.Actions, WithLine(shown.History, entry));
        }

        return null;
    }

    private static IReadOnlyList<HistoryEntry> WithLine(IReadOnlyList<HistoryEntry> history, HistoryEntry line) =>
        history.Any(h => h.Version == line.Version) ? history : [.. history.Append(line).TakeLast(HistoryReads.Recent)];
}
