namespace Collab.Domain.FollowUps;

/// <summary>The follow-up mails the buyers and planners send (issue 7).</summary>
public enum FollowUpKind
{
    /// <summary>Supplier: « Demande de confirmation de délai ».</summary>
    DeliveryDateConfirmationRequest,
    /// <summary>Supplier: « Relance de retard ».</summary>
    LateDeliveryReminder,
    /// <summary>Supplier: « Demande d'avancement » (bring the delivery forward; MRP exception "avancer").</summary>
    ExpediteRequest,
    /// <summary>Supplier: « Report » (postpone; MRP exception "reculer").</summary>
    PostponementRequest,
    /// <summary>Supplier: « Annulation » (MRP exception "annuler").</summary>
    CancellationRequest,
    /// <summary>Customer: « Nouvelle date » of delivery.</summary>
    CustomerNewDate,
    /// <summary>Customer: « Proposition de livraison partielle ».</summary>
    CustomerPartialDelivery,
}

/// <summary>One order line as shown in the mail.</summary>
public sealed record FollowUpLine(
    string ItemCode,
    string Description,
    decimal Quantity,
    string Unit,
    DateOnly? RequestedDate = null,
    DateOnly? ConfirmedDate = null,
    DateOnly? NewDate = null,
    decimal? AvailableQuantity = null);

/// <summary>Everything a follow-up template can use. Arrays only (storable in grain state).</summary>
public sealed record FollowUpContext
{
    /// <summary>PO or customer order number, e.g. OA-2026-00042 (kept in the subject for reply matching).</summary>
    public string OrderNumber { get; init; } = "";
    public DateOnly? OrderDate { get; init; }
    /// <summary>Supplier or customer company name.</summary>
    public string Counterpart { get; init; } = "";
    /// <summary>Person addressed (optional): "Bonjour Madame Durand," else "Bonjour,".</summary>
    public string? ContactName { get; init; }
    /// <summary>Their own reference (customer PO number, supplier acknowledgement…), optional.</summary>
    public string? TheirReference { get; init; }
    public string SenderName { get; init; } = "";
    public string? SenderRole { get; init; }
    /// <summary>Our company / plant name.</summary>
    public string Company { get; init; } = "";
    public string? SenderPhone { get; init; }
    /// <summary>New date asked for / proposed (avancement, report, nouvelle date, partielle).</summary>
    public DateOnly? NewDate { get; init; }
    /// <summary>Date by which an answer is expected.</summary>
    public DateOnly? AnswerBy { get; init; }
    /// <summary>Free explanation (reason of the change), optional.</summary>
    public string? Reason { get; init; }
    public FollowUpLine[] Lines { get; init; } = [];
}
