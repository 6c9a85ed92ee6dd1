using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Orleans.Runtime;

namespace Collab.Grains.Orders;

public sealed class CustomerOrderGrain(
    [PersistentState("co")] IPersistentState<CustomerOrderState> state,
    TimeProvider clock) : OrderGrain<CustomerOrderState>(state, clock), ICustomerOrderGrain
{
    protected override ObjectKind Kind => ObjectKind.CustomerOrder;

    async Task<CustomerOrderView> ICustomerOrderGrain.CreateAsync(string site, CustomerOrderDraft draft, string user)
    {
        await CreateCoreAsync(site, user, HistoryEvent.CustomerOrderCreated, s => Create(s, draft));
        return View();
    }

    Task<OrderSummary> ICustomerOrderGrain.CreateImportedAsync(string site, CustomerOrderDraft draft, string user) =>
        CreateImportedCoreAsync(site, user, HistoryEvent.CustomerOrderCreated, s => Create(s, draft));

    Task<bool> ICustomerOrderGrain.DiscardImportedAsync() => DiscardImportedCoreAsync();

    private static IReadOnlyList<FieldChange> Create(CustomerOrderState s, CustomerOrderDraft draft)
    {
        Require(!string.IsNullOrWhiteSpace(draft.Customer), Refusal.Required, RefusalTerm.Customer);
        Require(draft.Lines.Count > 0, Refusal.OrderWithoutLines);
        var numbers = CheckLines(draft.Lines, l => l.Item, l => l.Qty, l => l.Line);
        CheckProbability(draft.Firm, draft.Probability);
        s.Customer = draft.Customer.Trim();
        s.Reference = draft.Reference;
        s.Firm = draft.Firm;
        s.Probability = draft.Firm ? 1 : draft.Probability;
        s.Lines = draft.Lines.Select((l, i) => new CustomerOrderLine(numbers[i], l.Item.Trim(), l.Qty, l.PromisedDate, [])).ToList();
        return [FieldChange.Of(HistoryField.Customer, null, s.Customer)];
    }

    Task<CustomerOrderView?> ICustomerOrderGrain.GetAsync() => Task.FromResult(Exists ? View() : null);

    Task<IReadOnlyList<HistoryEntry>> ICustomerOrderGrain.GetHistoryAsync() => ReadHistoryAsync();

    async Task<CustomerOrderView> ICustomerOrderGrain.SetPromisedDateAsync(int line, DateOnly promised, long expectedVersion, string user)
    {
        await CommandAsync(user, expectedVersion, HistoryEvent.PromisedDateChanged, s =>
        {
            var i = LineIndex(s, line);
            var old = s.Lines[i];
            s.Lines[i] = old with { PromisedDate = promised };
            return [FieldChange.Of(HistoryField.PromisedDate, D(old.PromisedDate), D(promised), line)];
        });
        return View();
    }

    async Task<CustomerOrderView> ICustomerOrderGrain.SetLineQtyAsync(int line, double qty, long expectedVersion, string user)
    {
        await CommandAsync(user, expectedVersion, HistoryEvent.QuantityChanged, s =>
        {
            Require(qty > 0, Refusal.QuantityNotPositive);
            var i = LineIndex(s, line);
            var old = s.Lines[i];
            Require(qty >= old.ShippedQty, Refusal.QuantityBelowShipped);
            s.Lines[i] = old with { Qty = qty };
            return [FieldChange.Of(HistoryField.Quantity, Q(old.Qty), Q(qty), line)];
        });
        return View();
    }

    async Task<CustomerOrderView> ICustomerOrderGrain.SetFirmnessAsync(bool firm, double probability, long expectedVersion, string user)
    {
        await CommandAsync(user, expectedVersion, firm ? HistoryEvent.OrderConfirmedFirm : HistoryEvent.OrderMadeOptional, s =>
        {
            CheckProbability(firm, probability);
            var before = s.Firm ? "Firm" : s.Probability.ToString("P0", System.Globalization.CultureInfo.InvariantCulture);
            s.Firm = firm;
            s.Probability = firm ? 1 : probability;
            return [FieldChange.Of(HistoryField.Firmness, before, firm ? "Firm" : probability.ToString("P0", System.Globalization.CultureInfo.InvariantCulture))];
        });
        return View();
    }

    async Task<CustomerOrderView> ICustomerOrderGrain.ShipAsync(int line, double qty, DateOnly date, string user)
    {
        await CommandAsync(user, null, HistoryEvent.Shipped, s =>
        {
            Require(s.Status != CustomerOrderStatus.Cancelled, Refusal.CustomerOrderCancelled);
            Require(qty > 0, Refusal.ShippedQuantityNotPositive);
            var i = LineIndex(s, line);
            var old = s.Lines[i];
            Require(qty <= old.OpenQty + 1e-9, Refusal.ShipMoreThanOpen, old.OpenQty);
            s.Lines[i] = old with { Shipments = [.. old.Shipments, new Shipment(date, qty, user)] };
            s.Status = s.Lines.All(l => l.OpenQty <= 1e-9) ? CustomerOrderStatus.Shipped : CustomerOrderStatus.PartiallyShipped;
            return [FieldChange.Of(HistoryField.ShippedQuantity, Q(old.ShippedQty), Q(old.ShippedQty + qty), line)];
        });
        return View();
    }

    async Task<CustomerOrderView> ICustomerOrderGrain.CancelAsync(long expectedVersion, string user)
    {
        await CommandAsync(user, expectedVersion, HistoryEvent.CustomerOrderCancelled, s =>
        {
            Require(s.Status is CustomerOrderStatus.Open, Refusal.ShippedOrderNotCancellable);
            s.Status = CustomerOrderStatus.Cancelled;
            return [FieldChange.Of(HistoryField.Status, "Open", "Cancelled")];
        });
        return View();
    }

    async Task<CustomerOrderView> ICustomerOrderGrain.AddMessageAsync(SupplierMessage message, string user)
    {
        await AppendMessageAsync(message, user, message.Outgoing ? HistoryEvent.MessageSent : HistoryEvent.MessageReceived, s => s.Thread);
        return View();
    }

    Task<OrderSummary?> ICustomerOrderGrain.ApplyPlanAsync(OrderPlanFeedback feedback) => ApplyPlanCoreAsync(feedback);

    private static void CheckProbability(bool firm, double probability) =>
        Require(firm || probability is > 0 and < 1, Refusal.ProbabilityOutOfRange);

    private static int LineIndex(CustomerOrderState s, int line)
    {
        var i = s.Lines.FindIndex(l => l.Line == line);
        Require(i >= 0, Refusal.LineNotFound, line);
        return i;
    }

    /// <summary>OTD: a line counts once completely shipped; on time when completed on or before its promised date.</summary>
    public static OtdFigures Otd(IEnumerable<CustomerOrderLine> lines)
    {
        var delivered = lines.Where(l => l.CompletedOn is not null).ToList();
        return new OtdFigures(delivered.Count, delivered.Count(l => l.CompletedOn <= l.PromisedDate));
    }

    private CustomerOrderView View()
    {
        var s = State;
        return new CustomerOrderView(this.GetPrimaryKeyString(), s.Site, s.Customer, s.Reference, s.Firm, s.Probability, s.Status,
            s.Lines.ToList(), Otd(s.Lines), s.Exceptions.ToList(), s.Version, s.ModifiedBy, s.ModifiedAt, s.Thread.ToList());
    }

    protected override OrderSummary Summarize()
    {
        var s = State;
        var open = s.Lines.Where(l => l.OpenQty > 1e-9).ToList();
        return new OrderSummary(Self, s.Customer, s.Status.ToString(), s.Status is CustomerOrderStatus.Shipped or CustomerOrderStatus.Cancelled,
            open.Select(l => new OrderLineSummary(l.Line, l.Item, l.OpenQty, l.PromisedDate)).ToList(),
            (open.Count > 0 ? open : s.Lines).Min(l => l.PromisedDate), null, s.NeededDate, s.Firm, s.Probability,
            s.Exceptions.Count, OpenActionCount, Otd(s.Lines), s.Version, s.ModifiedBy, s.ModifiedAt);
    }
}

[GenerateSerializer, Alias("Collab.CustomerOrderState")]
public sealed class CustomerOrderState : OrderState
{
    [Id(0)] public string Customer { get; set; } = "";
    [Id(1)] public string? Reference { get; set; }
    [Id(2)] public bool Firm { get; set; } = true;
    [Id(3)] public double Probability { get; set; } = 1;
    [Id(4)] public CustomerOrderStatus Status { get; set; }
    [Id(5)] public List<CustomerOrderLine> Lines { get; set; } = [];
    /// <summary>Mails to and from the customer ("Informer le client").</summary>
    [Id(6)] public List<SupplierMessage> Thread { get; set; } = [];
}
