using Collab.Planning.Mrp;

namespace Collab.Domain.Plan;

/// <summary>
/// Brings an <see cref="MrpSession"/> from its input to <paramref name="next"/> through its net-change edits, when
/// that is possible: same horizon, option, items (codes, in order) and BOM, and as many demands and scheduled receipts
/// (index by index: an order whose date or quantity changed, an item whose stock or parameters changed). The session
/// then holds exactly the MRP of <paramref name="next"/> (MrpSession: identical to a full run).
/// </summary>
internal static class NetChange
{
    /// <summary>Items replanned, or −1 when the inputs differ in another way (a full run is needed; a session refused half-way is partly edited and must be dropped).</summary>
    public static int Apply(MrpSession session, MrpInput next)
    {
        var now = session.Input;
        if (now.Periods != next.Periods || now.OptionalOrders != next.OptionalOrders || now.Items.Count != next.Items.Count
            || now.Demands.Count != next.Demands.Count || now.ScheduledReceipts.Count != next.ScheduledReceipts.Count || now.Bom.Count != next.Bom.Count)
        {
            return -1;
        }

        for (var i = 0; i < now.Items.Count; i++)
        {
            if (now.Items[i].Code != next.Items[i].Code)
            {
                return -1;
            }
        }

        for (var b = 0; b < now.Bom.Count; b++)
        {
            if (now.Bom[b] != next.Bom[b])
            {
                return -1;
            }
        }

        var items = Enumerable.Range(0, now.Items.Count).Where(i => now.Items[i] != next.Items[i]).ToList();
        var demands = Enumerable.Range(0, now.Demands.Count).Where(d => now.Demands[d] != next.Demands[d]).ToList();
        var receipts = Enumerable.Range(0, now.ScheduledReceipts.Count).Where(r => now.ScheduledReceipts[r] != next.ScheduledReceipts[r]).ToList();
        var replanned = 0;
        try
        {
            foreach (var i in items)
            {
                replanned += session.UpdateItem(next.Items[i]);
            }

            foreach (var d in demands)
            {
                replanned += session.UpdateDemand(d, next.Demands[d]);
            }

            foreach (var r in receipts)
            {
                replanned += session.UpdateScheduledReceipt(r, next.ScheduledReceipts[r]);
            }
        }
        catch (InvalidMrpInputException)
        {
            return -1; // the full run says what is wrong (the session is dropped by the caller)
        }

        return replanned;
    }
}
