using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Domain.FollowUps;
using Orleans.Runtime;

namespace Collab.Grains.Orders;

public sealed class PurchaseOrderGrain(
    [PersistentState("po")] IPersistentState<PurchaseOrderState> state,
    TimeProvider clock) : OrderGrain<PurchaseOrderState>(state, clock), IPurchaseOrderGrain
{
    protected override ObjectKind Kind => ObjectKind.PurchaseOrder;

    async Task<PurchaseOrderView> IPurchaseOrderGrain.CreateAsync(string site, PurchaseOrderDraft draft, string user)
    {
        await CreateCoreAsync(site, user, HistoryEvent.PurchaseOrderCreated, s => Create(s, draft));
        return View();
    }

    Task<OrderSummary> IPurchaseOrderGrain.CreateImportedAsync(string site, PurchaseOrderDraft draft, string user) =>
        CreateImportedCoreAsync(site, user, HistoryEvent.PurchaseOrderCreated, s => Create(s, draft));

    Task<bool> IPurchaseOrderGrain.DiscardImportedAsync() => DiscardImportedCoreAsync();

    private static IReadOnlyList<FieldChange> Create(PurchaseOrderState s, PurchaseOrderDraft draft)
    {
        Require(!string.IsNullOrWhiteSpace(draft.Supplier), Refusal.Required, RefusalTerm.Supplier);
        Require(draft.Lines.Count > 0, Refusal.OrderWithoutLines);
        var numbers = CheckLines(draft.Lines, l => l.Item, l => l.Qty, l => l.Line);
        s.Supplier = draft.Supplier.Trim();
        s.Buyer = draft.Buyer;
        s.Lines = draft.Lines.Select((l, i) => new PurchaseOrderLine(numbers[i], l.Item.Trim(), l.Qty, l.RequestedDate, l.ConfirmedDate, null, [])).ToList();
        if (s.Lines.All(l => l.ConfirmedDate is not null))
        {
            s.Status = PurchaseOrderStatus.Confirmed;
        }

        return [FieldChange.Of(HistoryField.Supplier, null, s.Supplier)];
    }

    Task<PurchaseOrderView?> IPurchaseOrderGrain.GetAsync() => Task.FromResult(Exists ? View() : null);

    Task<IReadOnlyList<HistoryEntry>> IPurchaseOrderGrain.GetHistoryAsync() => ReadHistoryAsync();

    async Task<PurchaseOrderView> IPurchaseOrderGrain.ConfirmAsync(int line, DateOnly confirmed, long expectedVersion, string user)
    {
        await CommandAsync(user, expectedVersion, HistoryEvent.DateConfirmed, s =>
        {
            Require(s.Status is not (PurchaseOrderStatus.Cancelled or PurchaseOrderStatus.Received), Refusal.PurchaseOrderClosed);
            var i = LineIndex(s, line);
            var old = s.Lines[i];
            s.Lines[i] = old with { ConfirmedDate = confirmed };
            if (s.Status == PurchaseOrderStatus.Sent && s.Lines.All(l => l.ConfirmedDate is not null))
            {
                s.Status = PurchaseOrderStatus.Confirmed;
            }

            return [FieldChange.Of(HistoryField.ConfirmedDate, D(old.ConfirmedDate), D(confirmed), line)];
        });
        return View();
    }

    async Task<PurchaseOrderView> IPurchaseOrderGrain.SetRequestedDateAsync(int line, DateOnly requested, long expectedVersion, string user)
    {
        await CommandAsync(user, expectedVersion, HistoryEvent.RequestedDateChanged, s =>
        {
            var i = LineIndex(s, line);
            var old = s.Lines[i];
            s.Lines[i] = old with { RequestedDate = requested };
            return [FieldChange.Of(HistoryField.RequestedDate, D(old.RequestedDate), D(requested), line)];
        });
        return View();
    }

    async Task<PurchaseOrderView> IPurchaseOrderGrain.ReceiveAsync(int line, double qty, DateOnly date, string user)
    {
        await CommandAsync(user, null, HistoryEvent.Received, s =>
        {
            Require(s.Status != PurchaseOrderStatus.Cancelled, Refusal.PurchaseOrderCancelled);
            Require(qty > 0, Refusal.ReceivedQuantityNotPositive);
            var i = LineIndex(s, line);
            var old = s.Lines[i];
            Require(qty <= old.OpenQty + 1e-9, Refusal.ReceiveMoreThanOpen, old.OpenQty);
            s.Lines[i] = old with { Receipts = [.. old.Receipts, new Receipt(date, qty, user)] };
            s.Status = s.Lines.All(l => l.OpenQty <= 1e-9) ? PurchaseOrderStatus.Received : PurchaseOrderStatus.PartiallyReceived;
            return [FieldChange.Of(HistoryField.ReceivedQuantity, Q(old.ReceivedQty), Q(old.ReceivedQty + qty), line)];
        });
        return View();
    }

    async Task<PurchaseOrderView> IPurchaseOrderGrain.CancelAsync(long expectedVersion, string user)
    {
        await CommandAsync(user, expectedVersion, HistoryEvent.PurchaseOrderCancelled, s =>
        {
            Require(s.Lines.All(l => l.ReceivedQty == 0) && s.Status != PurchaseOrderStatus.Cancelled, Refusal.ReceivedOrderNotCancellable);
            var before = s.Status.ToString();
            s.Status = PurchaseOrderStatus.Cancelled;
            return [FieldChange.Of(HistoryField.Status, before, "Cancelled")];
        });
        return View();
    }

    async Task<PurchaseOrderView> IPurchaseOrderGrain.AddMessageAsync(SupplierMessage message, string user)
    {
        await AppendMessageAsync(message, user, message.Outgoing ? HistoryEvent.MessageSent : HistoryEvent.MessageReceived, s => s.Thread);
        return View();
    }

    async Task<PurchaseOrderView> IPurchaseOrderGrain.AcceptProposedDateAsync(string messageId, long expectedVersion, string user, bool confirmUnverified)
    {
        EnsureExists();
        var received = State.Thread.FirstOrDefault(x => x.MessageId == messageId && !x.Outgoing)
            ?? throw new CommandRejectedException(Refusal.NotAReplyOnThisOrder);
        // A reply threaded by our Message-ID is verified as it is; only another one needs the supplier's address.
        if (!confirmUnverified && !MailThreading.IsVerifiedReply(received.MatchedBy, received.From, null)
            && !MailThreading.IsVerifiedReply(received.MatchedBy, received.From, await SupplierEmailAsync(State.Supplier)))
        {
            throw new CommandRejectedException(Refusal.SenderNotVerified);
        }

        await CommandAsync(user, expectedVersion, HistoryEvent.ProposedDateAccepted, s =>
        {
            Require(s.Status is not (PurchaseOrderStatus.Cancelled or PurchaseOrderStatus.Received), Refusal.PurchaseOrderClosed);
            var m = s.Thread.FindIndex(x => x.MessageId == messageId && !x.Outgoing);
            Require(!s.Thread[m].Accepted, Refusal.DateAlreadyAccepted);
            // The date is the one read from the stored message, never one sent by the browser (issue 13 item 5).
            var date = s.Thread[m].ProposedDate ?? throw new CommandRejectedException(Refusal.NoProposedDate);
            s.Thread[m] = s.Thread[m] with { Accepted = true };
            var changes = new List<FieldChange>();
            for (var i = 0; i < s.Lines.Count; i++)
            {
                var old = s.Lines[i];
                if (old.OpenQty <= 1e-9)
                {
                    continue;
                }

                s.Lines[i] = old with { ConfirmedDate = date };
                changes.Add(FieldChange.Of(HistoryField.ConfirmedDate, D(old.ConfirmedDate), D(date), old.Line));
            }

            Require(changes.Count > 0, Refusal.NoOpenLineToConfirm);
            if (s.Status == PurchaseOrderStatus.Sent && s.Lines.All(l => l.ConfirmedDate is not null))
            {
                s.Status = PurchaseOrderStatus.Confirmed;
            }

            return changes;
        });
        return View();
    }

    Task<OrderSummary?> IPurchaseOrderGrain.ApplyPlanAsync(OrderPlanFeedback feedback) =>
        ApplyPlanCoreAsync(feedback, State.Lines.Any(l => l.NeededDate != feedback.NeededDate)
            ? s => s.Lines = s.Lines.Select(l => l with { NeededDate = feedback.NeededDate }).ToList()
            : null);

    /// <summary>The supplier's mail address, read from the one master-data shard that holds it.</summary>
    private async Task<string?> SupplierEmailAsync(string code)
    {
        var key = $"{MasterDataKeys.Supplier}:{code}";
        var shard = await GrainFactory.GetGrain<IMasterDataShardGrain>(MasterDataKeys.ShardGrainKey(State.Site, MasterDataKeys.ShardOf(key))).GetAsync();
        return shard.Data.Suppliers.FirstOrDefault(x => x.Code == code)?.Email;
    }

    private static int LineIndex(PurchaseOrderState s, int line)
    {
        var i = s.Lines.FindIndex(l => l.Line == line);
        Require(i >= 0, Refusal.LineNotFound, line);
        return i;
    }

    private PurchaseOrderView View()
    {
        var s = State;
        return new PurchaseOrderView(this.GetPrimaryKeyString(), s.Site, s.Supplier, s.Buyer, s.Status, s.Lines.ToList(), s.Exceptions.ToList(),
            s.PeggedCustomerOrders.ToList(), s.Thread.ToList(), s.Version, s.ModifiedBy, s.ModifiedAt);
    }

    /// <summary>Every command's event carries its history line; a mail received or sent also carries the order, so the
    /// open order page shows the reply without re-reading the order, and the page whose command returned the view only
    /// adds the line (docs/architecture.md, the path "supplier reply → … → big screen").</summary>
    protected override ChangeEvent Announce(ChangeEvent change, HistoryEntry entry) => change with
    {
        Entry = entry,
        PurchaseOrder = entry.Event is HistoryEvent.MessageReceived or HistoryEvent.MessageSent ? View() : null,
    };

    protected override OrderSummary Summarize()
    {
        var s = State;
        var open = s.Lines.Where(l => l.OpenQty > 1e-9).ToList();
        return new OrderSummary(Self, s.Supplier, s.Status.ToString(), s.Status is PurchaseOrderStatus.Received or PurchaseOrderStatus.Cancelled,
            open.Select(l => new OrderLineSummary(l.Line, l.Item, l.OpenQty, l.ExpectedDate)).ToList(),
            (open.Count > 0 ? open : s.Lines).Min(l => l.ExpectedDate), null, s.NeededDate, true, 1,
            s.Exceptions.Count, OpenActionCount, new OtdFigures(0, 0), s.Version, s.ModifiedBy, s.ModifiedAt);
    }
}

[GenerateSerializer, Alias("Collab.PurchaseOrderState")]
public sealed class PurchaseOrderState : OrderState
{
    [Id(0)] public string Supplier { get; set; } = "";
    [Id(1)] public string? Buyer { get; set; }
    [Id(2)] public PurchaseOrderStatus Status { get; set; }
    [Id(3)] public List<PurchaseOrderLine> Lines { get; set; } = [];
    /// <summary>Supplier mail thread (filled by the mail follow-up issue).</summary>
    [Id(4)] public List<SupplierMessage> Thread { get; set; } = [];
}
