using Collab.Contracts.Orders;
using Collab.Contracts.Sites;

namespace Collab.Domain.FollowUps;

/// <summary>Why a template is suggested (the page says it).</summary>
public enum FollowUpSuggestionReason
{
    /// <summary>The plan's message is to cancel the order.</summary>
    PlanCancel,
    /// <summary>The plan's message is to push the order out ("À reculer").</summary>
    PlanPushOut,
    /// <summary>The expected date is past.</summary>
    Late,
    /// <summary>The plan needs it before the supplier's date.</summary>
    NeededEarlier,
    /// <summary>Nothing wrong but dates are not all confirmed.</summary>
    Unconfirmed,
}

/// <summary>The suggested template of a follow-up and why.</summary>
public sealed record FollowUpSuggestion(FollowUpKind Kind, FollowUpSuggestionReason Reason);

/// <summary>Why a purchase order endangers (or not) the customer orders the plan pegs to it (the PO page says it).</summary>
public enum EndangeredReason
{
    /// <summary>It arrives after the plan needs it (by THE definition of a late purchase order): its pegged customer orders would be late.</summary>
    Late,
    /// <summary>The plan's message is to push it out: nothing waits for it.</summary>
    PlanPushOut,
    /// <summary>The plan's message is to cancel it: nothing needs it.</summary>
    PlanCancel,
    /// <summary>It arrives in time for the plan.</summary>
    OnTime,
    /// <summary>No customer order is pegged to it (stock, forecast or nothing open).</summary>
    NotPegged,
}

/// <summary>
/// The customer orders this purchase's lateness would make late (issue 12 item 3), and why: <see cref="ExpectedReceipt"/>
/// is the receipt date the verdict rests on and <see cref="NeededBy"/> the plan's need date of that line (null when the
/// plan sent none). <see cref="Pegged"/> is every customer order the plan pegs to it, endangered or not.
/// </summary>
public sealed record EndangeredOrders(IReadOnlyList<string> Orders, EndangeredReason Reason, DateOnly? ExpectedReceipt, DateOnly? NeededBy, IReadOnlyList<string> Pegged);

/// <summary>Who signs a follow-up and where replies go.</summary>
public sealed record FollowUpSender(string Name, string? Role, string Company, string? Phone, string? ReplyTo);

/// <summary>
/// Builds follow-up mails for purchase and customer orders from the built-in templates (pure: the date is a
/// parameter). The order number always stays in the subject so replies can be matched without a thread.
/// </summary>
public static class FollowUpComposer
{
    public static readonly FollowUpKind[] SupplierKinds =
    [
        FollowUpKind.DeliveryDateConfirmationRequest, FollowUpKind.LateDeliveryReminder, FollowUpKind.ExpediteRequest,
        FollowUpKind.PostponementRequest, FollowUpKind.CancellationRequest,
    ];

    public static readonly FollowUpKind[] CustomerKinds = [FollowUpKind.CustomerNewDate, FollowUpKind.CustomerPartialDelivery];

    /// <summary>
    /// The template that fits the situation, and why (issue 12 item 3): the plan's message first — cancel, push out
    /// ("À reculer": never a lateness reminder, the plan does not need it yet) — then late, then needed earlier than the
    /// supplier's date, then unconfirmed.
    /// </summary>
    public static FollowUpSuggestion Suggest(PurchaseOrderView po, DateOnly today)
    {
        var open = po.Lines.Where(l => l.OpenQty > 1e-9).ToList();
        if (po.Exceptions.Any(e => IsCancel(e.Type)))
        {
            return new(FollowUpKind.CancellationRequest, FollowUpSuggestionReason.PlanCancel);
        }

        if (po.Exceptions.Any(e => IsPushOut(e.Type)))
        {
            return new(FollowUpKind.PostponementRequest, FollowUpSuggestionReason.PlanPushOut);
        }

        if (open.Any(l => l.ExpectedDate < today))
        {
            return new(FollowUpKind.LateDeliveryReminder, FollowUpSuggestionReason.Late);
        }

        if (open.Any(l => l.NeededDate is { } n && n < l.ExpectedDate))
        {
            return new(FollowUpKind.ExpediteRequest, FollowUpSuggestionReason.NeededEarlier);
        }

        return new(FollowUpKind.DeliveryDateConfirmationRequest, FollowUpSuggestionReason.Unconfirmed);
    }

    /// <summary>The suggested template only (see <see cref="Suggest"/>).</summary>
    public static FollowUpKind SuggestKind(PurchaseOrderView po, DateOnly today) => Suggest(po, today).Kind;

    /// <summary>The customer orders this PO's lateness endangers (see <see cref="Assess"/>).</summary>
    public static IReadOnlyList<string> Endangered(PurchaseOrderView po, DateOnly today) => Assess(po, today).Orders;

    /// <summary>
    /// Which pegged customer orders this PO would make late, and why. Pegging (<see cref="PurchaseOrderView.EndangeredCustomerOrders"/>,
    /// every customer order the plan's receipt serves) is narrowed to those its lateness hurts: none when the plan's
    /// message is to cancel or push it out (nothing waits for it), none when every open line arrives in time for the
    /// plan (<see cref="Collab.Planning.Lateness.Late.PurchaseOrder"/>: the supplier's date, never before today, against the
    /// date the plan needs it), else all of them.
    /// </summary>
    public static EndangeredOrders Assess(PurchaseOrderView po, DateOnly today)
    {
        var pegged = po.EndangeredCustomerOrders;
        var open = po.Lines.Where(l => l.OpenQty > 1e-9).OrderBy(l => l.NeededDate ?? l.ExpectedDate).ToList();
        var late = open.FirstOrDefault(l => Collab.Planning.Lateness.Late.PurchaseOrder(l.ExpectedDate, l.NeededDate, today));
        var first = late ?? open.FirstOrDefault();
        EndangeredOrders None(EndangeredReason reason) => new([], reason, first?.ExpectedDate, first?.NeededDate, pegged);
        if (po.Exceptions.Any(e => IsCancel(e.Type)))
        {
            return None(EndangeredReason.PlanCancel);
        }

        if (po.Exceptions.Any(e => IsPushOut(e.Type)))
        {
            return None(EndangeredReason.PlanPushOut);
        }

        if (pegged.Count == 0)
        {
            return None(EndangeredReason.NotPegged);
        }

        return late is null ? None(EndangeredReason.OnTime) : new(pegged, EndangeredReason.Late, late.ExpectedDate, late.NeededDate, pegged);
    }

    private static bool IsCancel(Collab.Planning.Mrp.MrpExceptionType type) => type == Collab.Planning.Mrp.MrpExceptionType.Cancel;

    private static bool IsPushOut(Collab.Planning.Mrp.MrpExceptionType type) => type == Collab.Planning.Mrp.MrpExceptionType.RescheduleOut;

    /// <summary>The date a kind asks for: the plan's need date to bring forward or postpone.</summary>
    public static DateOnly? NewDateFor(FollowUpKind kind, PurchaseOrderView po) => kind switch
    {
        FollowUpKind.ExpediteRequest or FollowUpKind.PostponementRequest =>
            po.Lines.Where(l => l.OpenQty > 1e-9 && l.NeededDate is not null).Select(l => l.NeededDate).Min(),
        _ => null,
    };

    public static FollowUpContext PurchaseContext(PurchaseOrderView po, SupplierData? supplier, IReadOnlyDictionary<string, ItemData> items, FollowUpKind kind,
        FollowUpSender sender, DateOnly today, DateOnly? newDate = null, string? reason = null) => new()
        {
            OrderNumber = po.Number,
            OrderDate = null,
            Counterpart = supplier?.Name ?? po.Supplier,
            ContactName = supplier?.Contact,
            SenderName = sender.Name,
            SenderRole = sender.Role,
            Company = sender.Company,
            SenderPhone = sender.Phone,
            NewDate = newDate ?? NewDateFor(kind, po),
            AnswerBy = today.AddDays(2),
            Reason = reason,
            Lines =
            [
                .. po.Lines.Where(l => l.OpenQty > 1e-9 || kind == FollowUpKind.CancellationRequest).Select(l => new FollowUpLine(
                    l.Item, items.TryGetValue(l.Item, out var it) ? it.Description : l.Item, (decimal)l.OpenQty,
                    items.TryGetValue(l.Item, out var u) ? u.Unit : "", l.RequestedDate, l.ConfirmedDate, newDate ?? NewDateFor(kind, po))),
            ],
        };

    public static FollowUpContext CustomerContext(CustomerOrderView co, CustomerData? customer, IReadOnlyDictionary<string, ItemData> items, FollowUpKind kind,
        FollowUpSender sender, DateOnly today, DateOnly? newDate, string? reason = null) => new()
        {
            OrderNumber = co.Number,
            Counterpart = customer?.Name ?? co.Customer,
            TheirReference = co.Reference,
            SenderName = sender.Name,
            SenderRole = sender.Role,
            Company = sender.Company,
            SenderPhone = sender.Phone,
            NewDate = newDate,
            AnswerBy = today.AddDays(3),
            Reason = reason,
            Lines =
            [
                .. co.Lines.Where(l => l.OpenQty > 1e-9).Select(l => new FollowUpLine(
                    l.Item, items.TryGetValue(l.Item, out var it) ? it.Description : l.Item, (decimal)l.OpenQty,
                    items.TryGetValue(l.Item, out var u) ? u.Unit : "", l.PromisedDate, null, newDate,
                    kind == FollowUpKind.CustomerPartialDelivery ? Math.Floor((decimal)l.OpenQty / 2) : null)),
            ],
        };
}
