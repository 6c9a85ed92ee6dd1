using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Orders;

/// <summary>Persisted part shared by orders: plan consequences pushed by the plan grain.</summary>
[GenerateSerializer, Alias("Collab.OrderState")]
public abstract class OrderState : ObjectState
{
    [Id(0)] public List<PlanExceptionView> Exceptions { get; set; } = [];
    [Id(1)] public DateOnly? NeededDate { get; set; }
    [Id(2)] public List<string> PeggedCustomerOrders { get; set; } = [];
    [Id(3)] public string? PlanRunId { get; set; }
}

/// <summary>Order grains: after every persisted change the site's order registry gets the list row.</summary>
public abstract class OrderGrain<TState>(IPersistentState<TState> state, TimeProvider clock) : ObjectGrain<TState>(state, clock)
    where TState : OrderState, new()
{
    protected abstract OrderSummary Summarize();

    protected override Task OnChangedAsync() =>
        Exists ? GrainFactory.GetGrain<IOrderRegistryGrain>(State.Site).UpsertAsync(Summarize()) : Task.CompletedTask;

    /// <param name="planInput">False for commands the plan does not read (messages): no automatic recalculation.</param>
    protected async Task CommandAsync(string user, long? expectedVersion, HistoryEvent what, Func<TState, IReadOnlyList<FieldChange>> apply, bool planInput = true)
    {
        EnsureExists();
        await ExecuteAsync(user, expectedVersion, what, apply);
        // The read models and the plan's notice side by side: the plan reads the registry no sooner than its quiet
        // time after the notice, and this command answers once both are done.
        await Task.WhenAll(OnChangedAsync(), planInput ? Plan.PlanGrain.InputChangedAsync(GrainFactory, State.Site, Self) : Task.CompletedTask);
    }

    /// <summary>Appends a mail to the order's thread. Delivery from the mailbox is at least once: a Message-ID already on
    /// the thread is ignored. Mails are not plan inputs.</summary>
    protected async Task AppendMessageAsync(SupplierMessage message, string user, HistoryEvent what, Func<TState, List<SupplierMessage>> thread)
    {
        EnsureExists();
        if (message.MessageId is { } id && thread(State).Any(m => m.MessageId == id))
        {
            return;
        }

        await CommandAsync(user, null, what, s =>
        {
            thread(s).Add(message);
            return [FieldChange.Of(HistoryField.Message, null, message.Subject)];
        }, planInput: false);
    }

    protected async Task CreateCoreAsync(string site, string user, HistoryEvent what, Func<TState, IReadOnlyList<FieldChange>> apply)
    {
        await CreateWithoutPublishingAsync(site, user, what, apply);
        await OnChangedAsync();
        await Plan.PlanGrain.InputChangedAsync(GrainFactory, State.Site, Self);
    }

    /// <summary>Creation by an import batch: the registry row is returned to the batch (one registry write for all) and the plan is told once by it.</summary>
    protected async Task<OrderSummary> CreateImportedCoreAsync(string site, string user, HistoryEvent what, Func<TState, IReadOnlyList<FieldChange>> apply)
    {
        await CreateWithoutPublishingAsync(site, user, what, apply);
        return Summarize();
    }

    /// <summary>Undo of an imported creation: only while nobody changed the order since (version 1).</summary>
    protected async Task<bool> DiscardImportedCoreAsync()
    {
        if (!Exists)
        {
            return true;
        }

        if (State.Version != 1)
        {
            return false;
        }

        var site = State.Site;
        await ClearStoredAsync();
        await GrainFactory.GetGrain<IOrderRegistryGrain>(site).RemoveAsync(Self);
        return true;
    }

    private async Task CreateWithoutPublishingAsync(string site, string user, HistoryEvent what, Func<TState, IReadOnlyList<FieldChange>> apply)
    {
        if (Exists)
        {
            throw new CommandRejectedException(Refusal.AlreadyExists, this.GetPrimaryKeyString());
        }

        if (string.IsNullOrWhiteSpace(site))
        {
            throw new CommandRejectedException(Refusal.UnknownSite);
        }

        await ExecuteAsync(user, null, what, s =>
        {
            s.Site = site;
            return apply(s);
        });
    }

    /// <summary>Stores the plan's consequences (when they differ) and returns the registry row, which the plan writes
    /// with the run's other rows in one registry write; the order's other read models (<see cref="OnPlanAppliedAsync"/>)
    /// are written here. The row is returned even when nothing changed: a run after a failed registry write repairs it.</summary>
    protected async Task<OrderSummary?> ApplyPlanCoreAsync(OrderPlanFeedback feedback, Action<TState>? extra = null)
    {
        if (!Exists)
        {
            return null;
        }

        var same = State.NeededDate == feedback.NeededDate
            && State.Exceptions.SequenceEqual(feedback.Exceptions)
            && State.PeggedCustomerOrders.SequenceEqual(feedback.PeggedCustomerOrders)
            && extra is null;
        if (!same)
        {
            await WriteSystemAsync("PlanApplied", s =>
            {
                s.NeededDate = feedback.NeededDate;
                s.Exceptions = [.. feedback.Exceptions];
                s.PeggedCustomerOrders = [.. feedback.PeggedCustomerOrders];
                s.PlanRunId = feedback.RunId;
                extra?.Invoke(s);
            }, readModels: false);
            await OnPlanAppliedAsync();
        }

        return Summarize();
    }

    /// <summary>After plan consequences were stored: the read models other than the registry (the MO's schedule row).</summary>
    protected virtual Task OnPlanAppliedAsync() => Task.CompletedTask;

    protected int OpenActionCount => State.Actions.Count(a => a.IsOpen);

    /// <summary>
    /// The lines of a new order: each names an item, a positive quantity and, when given, a positive line number, no
    /// number twice. Returns the line numbers (given, else the line's position).
    /// </summary>
    protected static List<int> CheckLines<TLine>(IReadOnlyList<TLine> lines, Func<TLine, string> item, Func<TLine, double> qty, Func<TLine, int?> line)
    {
        foreach (var l in lines)
        {
            Require(!string.IsNullOrWhiteSpace(item(l)), Refusal.LineItemRequired);
            Require(qty(l) > 0, Refusal.QuantityNotPositive);
            Require(line(l) is null or > 0, Refusal.LineNumberNotPositive);
        }

        var numbers = lines.Select((l, i) => line(l) ?? i + 1).ToList();
        Require(numbers.Distinct().Count() == numbers.Count, Refusal.DuplicateLineNumber);
        return numbers;
    }

    protected static void Require(bool ok, Refusal refusal, params RefusalArg[] args)
    {
        if (!ok)
        {
            throw new CommandRejectedException(refusal, args);
        }
    }

    protected static string? D(DateOnly? d) => FieldChange.Value(d);

    protected static string Q(double q) => q.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
