using Collab.Contracts.Orders;
using Collab.Contracts.Sites;

namespace Collab.Domain.FollowUps;

/// <summary>Why a purchase order needs a follow-up.</summary>
public enum FollowUpReason
{
    /// <summary>Expected date (confirmed, else requested) is past and the order is still open.</summary>
    Late,
    /// <summary>The supplier has not confirmed every open line.</summary>
    Unconfirmed,
    /// <summary>The plan needs it earlier than the supplier's date.</summary>
    NeededEarlier,
}

/// <summary>A row of the "À relancer" worklist.</summary>
public sealed record WorklistRow(
    string Number,
    string Supplier,
    string SupplierName,
    string? Email,
    string Language,
    IReadOnlyList<FollowUpReason> Reasons,
    FollowUpKind SuggestedKind,
    IReadOnlyList<string> EndangeredCustomerOrders,
    int DaysLate,
    int DaysNeededEarlier,
    double Value,
    DateOnly ExpectedDate,
    DateOnly? NeededDate,
    DateTimeOffset? LastContact,
    bool AutomaticProposal)
{
    public bool HasAddress => !string.IsNullOrWhiteSpace(Email);

    public int Days => Math.Max(DaysLate, DaysNeededEarlier);
}

/// <summary>Supplier figures over a window (null when nothing to measure).</summary>
public sealed record SupplierScore(
    string Supplier,
    string Name,
    int DeliveredLines,
    double? OnTimeDelivery,
    double? AverageDelayDays,
    int LinesToConfirm,
    double? ConfirmationRate,
    int Exchanges,
    double? AverageResponseHours);

/// <summary>Pure computations of the buyer's pages: worklist ranking and supplier scorecard.</summary>
public static class FollowUpAnalytics
{
    /// <summary>Unconfirmed orders are listed when expected within this many days (or past).</summary>
    public const int UnconfirmedHorizonDays = 21;

    public static IReadOnlyList<WorklistRow> Worklist(IEnumerable<PurchaseOrderView> orders, IReadOnlyDictionary<string, SupplierData> suppliers,
        IReadOnlyDictionary<string, ItemData> items, DateOnly today, IReadOnlySet<string>? automaticProposals = null)
    {
        var rows = new List<WorklistRow>();
        foreach (var po in orders)
        {
            if (po.Status is PurchaseOrderStatus.Cancelled or PurchaseOrderStatus.Received)
            {
                continue;
            }

            var open = po.Lines.Where(l => l.OpenQty > 1e-9).ToList();
            if (open.Count == 0)
            {
                continue;
            }

            var expected = open.Min(l => l.ExpectedDate);
            var needed = open.Where(l => l.NeededDate is not null).Select(l => l.NeededDate).Min();
            var reasons = new List<FollowUpReason>();
            var daysLate = Math.Max(0, today.DayNumber - expected.DayNumber);
            if (daysLate > 0)
            {
                reasons.Add(FollowUpReason.Late);
            }

            if (open.Any(l => l.ConfirmedDate is null) && expected.DayNumber - today.DayNumber <= UnconfirmedHorizonDays)
            {
                reasons.Add(FollowUpReason.Unconfirmed);
            }

            var earlier = open.Where(l => l.NeededDate is { } n && n < l.ExpectedDate).Select(l => l.ExpectedDate.DayNumber - l.NeededDate!.Value.DayNumber).DefaultIfEmpty(0).Max();
            if (earlier > 0)
            {
                reasons.Add(FollowUpReason.NeededEarlier);
            }

            var proposed = automaticProposals?.Contains(po.Number) == true;
            if (reasons.Count == 0 && !proposed)
            {
                continue;
            }

            suppliers.TryGetValue(po.Supplier, out var s);
            var value = open.Sum(l => l.OpenQty * (items.TryGetValue(l.Item, out var it) ? it.UnitCost : 0));
            rows.Add(new WorklistRow(po.Number, po.Supplier, s?.Name ?? po.Supplier, string.IsNullOrWhiteSpace(s?.Email) ? null : s.Email, s?.Language ?? "fr",
                reasons, FollowUpComposer.SuggestKind(po, today), FollowUpComposer.Endangered(po, today), daysLate, earlier, value, expected, needed,
                po.Thread.Count == 0 ? null : po.Thread.Max(m => m.At), proposed));
        }

        // Impact: customer orders endangered first, then days (late or needed earlier), then value.
        return
        [
            .. rows.OrderByDescending(r => r.EndangeredCustomerOrders.Count).ThenByDescending(r => r.Days).ThenByDescending(r => r.Value)
                .ThenBy(r => r.Number, StringComparer.Ordinal),
        ];
    }

    public static IReadOnlyList<SupplierScore> Scorecard(IEnumerable<PurchaseOrderView> orders, IReadOnlyDictionary<string, SupplierData> suppliers, DateOnly today, int months)
    {
        var from = today.AddMonths(-months);
        var fromInstant = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var scores = new List<SupplierScore>();
        foreach (var group in orders.Where(o => o.Status != PurchaseOrderStatus.Cancelled).GroupBy(o => o.Supplier, StringComparer.Ordinal))
        {
            int delivered = 0, onTime = 0, toConfirm = 0, confirmed = 0;
            double delaySum = 0;
            var responses = new List<double>();
            foreach (var po in group)
            {
                foreach (var l in po.Lines)
                {
                    var done = CompletedOn(l);
                    if (done is { } d && d >= from && d <= today)
                    {
                        delivered++;
                        var delay = d.DayNumber - l.ExpectedDate.DayNumber;
                        if (delay <= 0)
                        {
                            onTime++;
                        }

                        delaySum += Math.Max(0, delay);
                    }

                    if (l.RequestedDate >= from)
                    {
                        toConfirm++;
                        if (l.ConfirmedDate is not null)
                        {
                            confirmed++;
                        }
                    }
                }

                var thread = po.Thread.OrderBy(m => m.At).ToList();
                for (var i = 0; i < thread.Count; i++)
                {
                    if (!thread[i].Outgoing || thread[i].At < fromInstant)
                    {
                        continue;
                    }

                    var reply = thread.Skip(i + 1).FirstOrDefault(m => !m.Outgoing);
                    if (reply is not null && (i + 1 >= thread.Count || !thread.Skip(i + 1).TakeWhile(m => m != reply).Any(m => m.Outgoing)))
                    {
                        responses.Add((reply.At - thread[i].At).TotalHours);
                    }
                }
            }

            suppliers.TryGetValue(group.Key, out var s);
            scores.Add(new SupplierScore(group.Key, s?.Name ?? group.Key, delivered, delivered == 0 ? null : (double)onTime / delivered,
                delivered == 0 ? null : delaySum / delivered, toConfirm, toConfirm == 0 ? null : (double)confirmed / toConfirm,
                responses.Count, responses.Count == 0 ? null : responses.Average()));
        }

        return [.. scores.OrderBy(s => s.OnTimeDelivery ?? 2).ThenBy(s => s.Supplier, StringComparer.Ordinal)];
    }

    /// <summary>Date a line was completely received (null while open).</summary>
    public static DateOnly? CompletedOn(PurchaseOrderLine line)
    {
        double sum = 0;
        foreach (var r in line.Receipts.OrderBy(r => r.Date))
        {
            sum += r.Qty;
            if (sum >= line.Qty - 1e-9)
            {
                return r.Date;
            }
        }

        return null;
    }
}
