using Collab.Contracts.Common;

namespace Collab.Contracts.Orders;

/// <summary>
/// An MRP exception message attached to an order or an item, typed: the UI, PDFs and mails word it in the reader's
/// language (Web: <c>PlanText</c>). <see cref="From"/>/<see cref="To"/>: reschedule from → to; past-due release: needed
/// release → receipt week; late demand: demand week → expected availability. <see cref="DelayWeeks"/> and
/// <see cref="Causes"/> (items whose late releases delay it) describe a late demand.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.PlanExceptionView")]
public sealed record PlanExceptionView(
    [property: Id(0)] Collab.Planning.Mrp.MrpExceptionType Type,
    [property: Id(1)] string Item,
    [property: Id(2)] string? Order,
    [property: Id(4)] DateOnly? From,
    [property: Id(5)] DateOnly? To,
    [property: Id(6)] double Qty,
    [property: Id(7)] string Family = "",
    [property: Id(8)] string? Buyer = null,
    [property: Id(9)] int? DelayWeeks = null,
    [property: Id(10)] IReadOnlyList<string>? Causes = null)
{
    /// <summary>Textbook code of <see cref="Type"/> (PAST_DUE_RELEASE…), as in the exchange format.</summary>
    public string Code => Collab.Planning.Mrp.MrpException.TypeName(Type);
}

/// <summary>What a plan run concluded about one order; pushed by the plan grain to the order grain.</summary>
[GenerateSerializer, Immutable, Alias("Collab.OrderPlanFeedback")]
public sealed record OrderPlanFeedback(
    [property: Id(0)] string RunId,
    [property: Id(1)] DateOnly? NeededDate,
    [property: Id(2)] IReadOnlyList<PlanExceptionView> Exceptions,
    [property: Id(3)] IReadOnlyList<string> PeggedCustomerOrders,
    [property: Id(4)] IReadOnlyList<ScheduledOperation> Operations);

/// <summary>Placement of one operation of a manufacturing order by the capacity plan.</summary>
[GenerateSerializer, Immutable, Alias("Collab.ScheduledOperation")]
public sealed record ScheduledOperation(
    [property: Id(0)] int Sequence,
    [property: Id(1)] string Workstation,
    [property: Id(2)] DateOnly Start,
    [property: Id(3)] DateOnly End,
    [property: Id(4)] double Hours);

// ───────────────────────── Customer orders (commandes clients) ─────────────────────────

[GenerateSerializer, Immutable, Alias("Collab.CustomerOrderLineDraft")]
public sealed record CustomerOrderLineDraft(
    [property: Id(0)] string Item,
    [property: Id(1)] double Qty,
    [property: Id(2)] DateOnly PromisedDate,
    /// <summary>Line number kept from the ERP on import (default: position 1, 2, 3…).</summary>
    [property: Id(3)] int? Line = null);

/// <summary>What the user types to create a customer order. Optional orders carry a probability in ]0;1[.</summary>
[GenerateSerializer, Immutable, Alias("Collab.CustomerOrderDraft")]
public sealed record CustomerOrderDraft(
    [property: Id(0)] string Customer,
    [property: Id(1)] IReadOnlyList<CustomerOrderLineDraft> Lines,
    [property: Id(2)] bool Firm = true,
    [property: Id(3)] double Probability = 1,
    [property: Id(4)] string? Reference = null);

[GenerateSerializer, Immutable, Alias("Collab.Shipment")]
public sealed record Shipment(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] double Qty,
    [property: Id(2)] string User);

[GenerateSerializer, Immutable, Alias("Collab.CustomerOrderLine")]
public sealed record CustomerOrderLine(
    [property: Id(0)] int Line,
    [property: Id(1)] string Item,
    [property: Id(2)] double Qty,
    [property: Id(3)] DateOnly PromisedDate,
    [property: Id(4)] IReadOnlyList<Shipment> Shipments)
{
    public double ShippedQty => Shipments.Sum(s => s.Qty);

    public double OpenQty => Math.Max(0, Qty - ShippedQty);

    /// <summary>Date the line was completely shipped (null while not complete).</summary>
    public DateOnly? CompletedOn
    {
        get
        {
            double sum = 0;
            foreach (var s in Shipments.OrderBy(s => s.Date))
            {
                sum += s.Qty;
                if (sum >= Qty - 1e-9)
                {
                    return s.Date;
                }
            }

            return null;
        }
    }
}

public enum CustomerOrderStatus
{
    Open = 0,
    PartiallyShipped = 1,
    Shipped = 2,
    Cancelled = 3,
}

/// <summary>
/// On-time delivery of an order: a line is delivered on time when it was completely shipped on or
/// before its promised date. <see cref="Rate"/> = on time / delivered (null when nothing delivered yet).
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.OtdFigures")]
public sealed record OtdFigures(
    [property: Id(0)] int DeliveredLines,
    [property: Id(1)] int OnTimeLines)
{
    public double? Rate => DeliveredLines == 0 ? null : (double)OnTimeLines / DeliveredLines;

    public static OtdFigures operator +(OtdFigures a, OtdFigures b) => new(a.DeliveredLines + b.DeliveredLines, a.OnTimeLines + b.OnTimeLines);
}

[GenerateSerializer, Immutable, Alias("Collab.CustomerOrderView")]
public sealed record CustomerOrderView(
    [property: Id(0)] string Number,
    [property: Id(1)] string Site,
    [property: Id(2)] string Customer,
    [property: Id(3)] string? Reference,
    [property: Id(4)] bool Firm,
    [property: Id(5)] double Probability,
    [property: Id(6)] CustomerOrderStatus Status,
    [property: Id(7)] IReadOnlyList<CustomerOrderLine> Lines,
    [property: Id(8)] OtdFigures Otd,
    [property: Id(9)] IReadOnlyList<PlanExceptionView> Exceptions,
    [property: Id(10)] long Version,
    [property: Id(11)] string? ModifiedBy,
    [property: Id(12)] DateTimeOffset? ModifiedAt,
    [property: Id(13)] IReadOnlyList<SupplierMessage>? Thread = null);

/// <summary>A customer order (commande client). Key: its number, e.g. "CC-2026-00012".</summary>
[Alias("Collab.ICustomerOrderGrain")]
public interface ICustomerOrderGrain : IGrainWithStringKey, IHoldsActions, IHasHistory
{
    [Alias("Create")]
    Task<CustomerOrderView> CreateAsync(string site, CustomerOrderDraft draft, string user);

    /// <summary>Creation by an import batch (<see cref="IOrderImportGrain"/>): the registry row is returned, not written.</summary>
    [Alias("CreateImported")]
    Task<OrderSummary> CreateImportedAsync(string site, CustomerOrderDraft draft, string user);

    /// <summary>Undo of <see cref="CreateImportedAsync"/> by a failed batch; false when the order changed since.</summary>
    [Alias("DiscardImported")]
    Task<bool> DiscardImportedAsync();

    /// <summary>Null when the order does not exist.</summary>
    [Alias("Get")]
    Task<CustomerOrderView?> GetAsync();

    [Alias("GetHistory")]
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync();

    [Alias("SetPromisedDate")]
    Task<CustomerOrderView> SetPromisedDateAsync(int line, DateOnly promised, long expectedVersion, string user);

    [Alias("SetLineQty")]
    Task<CustomerOrderView> SetLineQtyAsync(int line, double qty, long expectedVersion, string user);

    /// <summary>Firm (ferme) or optional with a probability in ]0;1[.</summary>
    [Alias("SetFirmness")]
    Task<CustomerOrderView> SetFirmnessAsync(bool firm, double probability, long expectedVersion, string user);

    /// <summary>Records a shipment of a line (no version check: shipping is a fact).</summary>
    [Alias("Ship")]
    Task<CustomerOrderView> ShipAsync(int line, double qty, DateOnly date, string user);

    [Alias("Cancel")]
    Task<CustomerOrderView> CancelAsync(long expectedVersion, string user);

    /// <summary>Appends a mail in/out to the customer thread ("Informer le client"); a known Message-ID is ignored.</summary>
    [Alias("AddMessage")]
    Task<CustomerOrderView> AddMessageAsync(SupplierMessage message, string user);

    /// <summary>Plan consequences; stored without a version bump, published as a change. Returns the order's registry row
    /// (null when the order does not exist): the plan writes the rows of a run in one registry write, not one per order.</summary>
    [Alias("ApplyPlanRow")]
    Task<OrderSummary?> ApplyPlanAsync(OrderPlanFeedback feedback);
}

// ───────────────────────── Purchase orders (achats) ─────────────────────────

[GenerateSerializer, Immutable, Alias("Collab.PurchaseOrderLineDraft")]
public sealed record PurchaseOrderLineDraft(
    [property: Id(0)] string Item,
    [property: Id(1)] double Qty,
    [property: Id(2)] DateOnly RequestedDate,
    /// <summary>Date already confirmed by the supplier (import of open orders).</summary>
    [property: Id(3)] DateOnly? ConfirmedDate = null,
    /// <summary>Line number kept from the ERP on import (default: position 1, 2, 3…).</summary>
    [property: Id(4)] int? Line = null);

[GenerateSerializer, Immutable, Alias("Collab.PurchaseOrderDraft")]
public sealed record PurchaseOrderDraft(
    [property: Id(0)] string Supplier,
    [property: Id(1)] IReadOnlyList<PurchaseOrderLineDraft> Lines,
    [property: Id(2)] string? Buyer = null);

[GenerateSerializer, Immutable, Alias("Collab.Receipt")]
public sealed record Receipt(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] double Qty,
    [property: Id(2)] string User);

[GenerateSerializer, Immutable, Alias("Collab.PurchaseOrderLine")]
public sealed record PurchaseOrderLine(
    [property: Id(0)] int Line,
    [property: Id(1)] string Item,
    [property: Id(2)] double Qty,
    [property: Id(3)] DateOnly RequestedDate,
    [property: Id(4)] DateOnly? ConfirmedDate,
    [property: Id(5)] DateOnly? NeededDate,
    [property: Id(6)] IReadOnlyList<Receipt> Receipts)
{
    public double ReceivedQty => Receipts.Sum(r => r.Qty);

    public double OpenQty => Math.Max(0, Qty - ReceivedQty);

    /// <summary>Date the supplier is expected to deliver: confirmed date, else requested date.</summary>
    public DateOnly ExpectedDate => ConfirmedDate ?? RequestedDate;
}

public enum PurchaseOrderStatus
{
    Sent = 0,
    Confirmed = 1,
    PartiallyReceived = 2,
    Received = 3,
    Cancelled = 4,
}

/// <summary>
/// A message of the supplier thread (mails in/out). A received mail's body lives in the mail store under
/// <see cref="BodyId"/> (pages read it through the purchasing service); <see cref="Body"/> is then a short preview.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.SupplierMessage")]
public sealed record SupplierMessage(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] bool Outgoing,
    [property: Id(2)] string From,
    [property: Id(3)] string Subject,
    [property: Id(4)] string Body,
    [property: Id(5)] string? MessageId = null,
    [property: Id(6)] string? SanitizedHtml = null,
    [property: Id(7)] DateOnly? ProposedDate = null,
    [property: Id(8)] bool Accepted = false,
    [property: Id(9)] string? To = null,
    [property: Id(10)] string? Kind = null,
    [property: Id(11)] IReadOnlyList<string>? Attachments = null,
    [property: Id(12)] string? MatchedBy = null,
    [property: Id(13)] string? BodyId = null,
    [property: Id(14)] Collab.Contracts.FollowUps.MailBodyState BodyState = Collab.Contracts.FollowUps.MailBodyState.Complete,
    [property: Id(15)] long Size = 0);

[GenerateSerializer, Immutable, Alias("Collab.PurchaseOrderView")]
public sealed record PurchaseOrderView(
    [property: Id(0)] string Number,
    [property: Id(1)] string Site,
    [property: Id(2)] string Supplier,
    [property: Id(3)] string? Buyer,
    [property: Id(4)] PurchaseOrderStatus Status,
    [property: Id(5)] IReadOnlyList<PurchaseOrderLine> Lines,
    [property: Id(6)] IReadOnlyList<PlanExceptionView> Exceptions,
    [property: Id(7)] IReadOnlyList<string> EndangeredCustomerOrders,
    [property: Id(8)] IReadOnlyList<SupplierMessage> Thread,
    [property: Id(9)] long Version,
    [property: Id(10)] string? ModifiedBy,
    [property: Id(11)] DateTimeOffset? ModifiedAt);

/// <summary>A purchase order (ordre d'achat). Key: its number, e.g. "OA-2026-00007".</summary>
[Alias("Collab.IPurchaseOrderGrain")]
public interface IPurchaseOrderGrain : IGrainWithStringKey, IHoldsActions, IHasHistory
{
    [Alias("Create")]
    Task<PurchaseOrderView> CreateAsync(string site, PurchaseOrderDraft draft, string user);

    /// <summary>Creation by an import batch (<see cref="IOrderImportGrain"/>): the registry row is returned, not written.</summary>
    [Alias("CreateImported")]
    Task<OrderSummary> CreateImportedAsync(string site, PurchaseOrderDraft draft, string user);

    /// <summary>Undo of <see cref="CreateImportedAsync"/> by a failed batch; false when the order changed since.</summary>
    [Alias("DiscardImported")]
    Task<bool> DiscardImportedAsync();

    [Alias("Get")]
    Task<PurchaseOrderView?> GetAsync();

    [Alias("GetHistory")]
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync();

    /// <summary>The supplier's confirmed date (date confirmée) for a line.</summary>
    [Alias("Confirm")]
    Task<PurchaseOrderView> ConfirmAsync(int line, DateOnly confirmed, long expectedVersion, string user);

    [Alias("SetRequestedDate")]
    Task<PurchaseOrderView> SetRequestedDateAsync(int line, DateOnly requested, long expectedVersion, string user);

    [Alias("Receive")]
    Task<PurchaseOrderView> ReceiveAsync(int line, double qty, DateOnly date, string user);

    [Alias("Cancel")]
    Task<PurchaseOrderView> CancelAsync(long expectedVersion, string user);

    /// <summary>Appends a message to the supplier thread (used by the mail follow-up).</summary>
    [Alias("AddMessage")]
    Task<PurchaseOrderView> AddMessageAsync(SupplierMessage message, string user);

    /// <summary>
    /// Accepts the date proposed by the supplier in a received message — the date stored with the message, never one sent
    /// by a caller: every open line gets it as confirmed date, the message is marked accepted (version-checked). A reply
    /// from an unverified sender (not threaded by our Message-ID, not from the supplier's address or domain) is refused
    /// unless <paramref name="confirmUnverified"/>. Like every plan input, the change arms the automatic net change.
    /// </summary>
    [Alias("AcceptProposedDate")]
    Task<PurchaseOrderView> AcceptProposedDateAsync(string messageId, long expectedVersion, string user, bool confirmUnverified = false);

    /// <summary>Plan consequences (see <see cref="ICustomerOrderGrain.ApplyPlanAsync"/>): returns the registry row.</summary>
    [Alias("ApplyPlanRow")]
    Task<OrderSummary?> ApplyPlanAsync(OrderPlanFeedback feedback);
}

// ───────────────────────── Manufacturing orders (ordres de fabrication) ─────────────────────────

/// <summary>Planned (ferme planifié) → Released (lancé) → InProgress (en cours) → Done (terminé) → Closed (soldé).</summary>
public enum ManufacturingOrderStatus
{
    Planned = 0,
    Released = 1,
    InProgress = 2,
    Done = 3,
    Closed = 4,
}

[GenerateSerializer, Immutable, Alias("Collab.ManufacturingOrderDraft")]
public sealed record ManufacturingOrderDraft(
    [property: Id(0)] string Item,
    [property: Id(1)] double Qty,
    [property: Id(2)] DateOnly Start,
    [property: Id(3)] DateOnly Due,
    [property: Id(4)] bool Released = false,
    /// <summary>Import of open orders: operations of the routing up to this sequence are done (good quantity = order quantity).</summary>
    [property: Id(5)] int? LastOperationDone = null);

/// <summary>A progress declaration on one operation.</summary>
[GenerateSerializer, Immutable, Alias("Collab.ProgressDeclaration")]
public sealed record ProgressDeclaration(
    [property: Id(0)] int Sequence,
    [property: Id(1)] double GoodQty,
    [property: Id(2)] double ScrapQty,
    [property: Id(3)] double Hours,
    [property: Id(4)] bool Done,
    [property: Id(5)] string? Comment = null);

[GenerateSerializer, Immutable, Alias("Collab.ProgressEntry")]
public sealed record ProgressEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string User,
    [property: Id(2)] ProgressDeclaration Declaration);

[GenerateSerializer, Immutable, Alias("Collab.MoOperation")]
public sealed record MoOperation(
    [property: Id(0)] int Sequence,
    [property: Id(1)] string Workstation,
    [property: Id(2)] string Description,
    [property: Id(3)] double PlannedHours,
    [property: Id(4)] DateOnly? ScheduledStart,
    [property: Id(5)] DateOnly? ScheduledEnd,
    [property: Id(6)] double GoodQty,
    [property: Id(7)] double ScrapQty,
    [property: Id(8)] double ActualHours,
    [property: Id(9)] bool Done,
    [property: Id(10)] DateTime? SequencedStart = null,
    [property: Id(11)] DateTime? SequencedEnd = null,
    [property: Id(12)] int? SequencedMachine = null);

/// <summary>Finite-capacity placement of one operation by the schedule grain (plant-local times, machine 0-based).</summary>
[GenerateSerializer, Immutable, Alias("Collab.OperationSlot")]
public sealed record OperationSlot(
    [property: Id(0)] int Sequence,
    [property: Id(1)] int Machine,
    [property: Id(2)] DateTime Start,
    [property: Id(3)] DateTime End);

/// <summary>What the schedule (ordonnancement) decided for the operations of one MO; pushed by the schedule grain.</summary>
[GenerateSerializer, Immutable, Alias("Collab.MoScheduleFeedback")]
public sealed record MoScheduleFeedback(
    [property: Id(0)] long ScheduleVersion,
    [property: Id(1)] IReadOnlyList<OperationSlot> Slots);

[GenerateSerializer, Immutable, Alias("Collab.MaterialLine")]
public sealed record MaterialLine(
    [property: Id(0)] string Component,
    [property: Id(1)] double QtyRequired);

[GenerateSerializer, Immutable, Alias("Collab.ManufacturingOrderView")]
public sealed record ManufacturingOrderView(
    [property: Id(0)] string Number,
    [property: Id(1)] string Site,
    [property: Id(2)] string Item,
    [property: Id(3)] double Qty,
    [property: Id(4)] DateOnly Start,
    [property: Id(5)] DateOnly Due,
    [property: Id(6)] ManufacturingOrderStatus Status,
    [property: Id(7)] IReadOnlyList<MoOperation> Operations,
    [property: Id(8)] IReadOnlyList<MaterialLine> Materials,
    [property: Id(9)] IReadOnlyList<ProgressEntry> Progress,
    [property: Id(10)] IReadOnlyList<string> PeggedCustomerOrders,
    [property: Id(11)] IReadOnlyList<PlanExceptionView> Exceptions,
    [property: Id(12)] DateOnly? NeededDate,
    [property: Id(13)] long Version,
    [property: Id(14)] string? ModifiedBy,
    [property: Id(15)] DateTimeOffset? ModifiedAt)
{
    /// <summary>Good quantity out of the last operation.</summary>
    public double GoodQty => Operations.Count == 0 ? 0 : Operations[^1].GoodQty;

    public double ScrapQty => Operations.Sum(o => o.ScrapQty);

    /// <summary>Work in progress: good units past the first operation not yet out of the last one (less later scrap).</summary>
    public double Wip => Operations.Count == 0 ? 0 : Math.Max(0, Operations[0].GoodQty - GoodQty - Operations.Skip(1).Sum(o => o.ScrapQty));

    public double PlannedHours => Operations.Sum(o => o.PlannedHours);

    public double ActualHours => Operations.Sum(o => o.ActualHours);

    /// <summary>Share of operations done (0–1).</summary>
    public double Completion => Operations.Count == 0 ? 0 : (double)Operations.Count(o => o.Done) / Operations.Count;
}

/// <summary>A manufacturing order (ordre de fabrication). Key: its number, e.g. "OF-2026-00042".</summary>
[Alias("Collab.IManufacturingOrderGrain")]
public interface IManufacturingOrderGrain : IGrainWithStringKey, IHoldsActions, IHasHistory
{
    /// <summary>Creates the order with operations from the item's routing and materials from its BOM (read from the site).</summary>
    [Alias("Create")]
    Task<ManufacturingOrderView> CreateAsync(string site, ManufacturingOrderDraft draft, string user);

    /// <summary>Creation by an import batch (<see cref="IOrderImportGrain"/>): the registry row is returned, not written.</summary>
    [Alias("CreateImported")]
    Task<OrderSummary> CreateImportedAsync(string site, ManufacturingOrderDraft draft, string user);

    /// <summary>Undo of <see cref="CreateImportedAsync"/> by a failed batch; false when the order changed since.</summary>
    [Alias("DiscardImported")]
    Task<bool> DiscardImportedAsync();

    [Alias("Get")]
    Task<ManufacturingOrderView?> GetAsync();

    [Alias("GetHistory")]
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync();

    /// <summary>Planned → Released.</summary>
    [Alias("Release")]
    Task<ManufacturingOrderView> ReleaseAsync(long expectedVersion, string user);

    [Alias("Reschedule")]
    Task<ManufacturingOrderView> RescheduleAsync(DateOnly start, DateOnly due, long expectedVersion, string user);

    [Alias("SetQty")]
    Task<ManufacturingOrderView> SetQtyAsync(double qty, long expectedVersion, string user);

    /// <summary>Declares progress on an operation: first declaration → InProgress; last operation done → Done.</summary>
    [Alias("DeclareProgress")]
    Task<ManufacturingOrderView> DeclareProgressAsync(ProgressDeclaration declaration, string user);

    /// <summary>Done → Closed (soldé).</summary>
    [Alias("Close")]
    Task<ManufacturingOrderView> CloseAsync(long expectedVersion, string user);

    /// <summary>Plan consequences (see <see cref="ICustomerOrderGrain.ApplyPlanAsync"/>): returns the registry row.</summary>
    [Alias("ApplyPlanRow")]
    Task<OrderSummary?> ApplyPlanAsync(OrderPlanFeedback feedback);

    /// <summary>Finite-capacity slots of the operations (system write, no version bump; only when something changed).</summary>
    [Alias("ApplySchedule")]
    Task ApplyScheduleAsync(MoScheduleFeedback feedback);
}
