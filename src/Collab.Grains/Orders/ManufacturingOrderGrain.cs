using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Scheduling;
using Collab.Contracts.Sites;
using Orleans.Runtime;

namespace Collab.Grains.Orders;

public sealed class ManufacturingOrderGrain(
    [PersistentState("mo")] IPersistentState<ManufacturingOrderState> state,
    TimeProvider clock) : OrderGrain<ManufacturingOrderState>(state, clock), IManufacturingOrderGrain
{
    protected override ObjectKind Kind => ObjectKind.ManufacturingOrder;

    async Task<ManufacturingOrderView> IManufacturingOrderGrain.CreateAsync(string site, ManufacturingOrderDraft draft, string user)
    {
        var data = await ItemDataAsync(site, draft.Item);
        await CreateCoreAsync(site, user, HistoryEvent.ManufacturingOrderCreated, s => Create(s, draft, data));
        return View();
    }

    async Task<OrderSummary> IManufacturingOrderGrain.CreateImportedAsync(string site, ManufacturingOrderDraft draft, string user)
    {
        var data = await ItemDataAsync(site, draft.Item);
        return await CreateImportedCoreAsync(site, user, HistoryEvent.ManufacturingOrderCreated, s => Create(s, draft, data));
    }

    async Task<bool> IManufacturingOrderGrain.DiscardImportedAsync()
    {
        var site = State.Site;
        var discarded = await DiscardImportedCoreAsync();
        if (discarded && !string.IsNullOrEmpty(site))
        {
            await ScheduleIndex(site).RemoveAsync(this.GetPrimaryKeyString());
        }

        return discarded;
    }

    /// <summary>After each persisted change: the registry row (base) and the schedule's row, side by side (issue #17:
    /// the schedule reads the open MOs from this index instead of calling every MO).</summary>
    protected override Task OnChangedAsync() =>
        Exists ? Task.WhenAll(base.OnChangedAsync(), ScheduleIndex(State.Site).UpsertAsync(View())) : base.OnChangedAsync();

    /// <summary>Plan consequences stored: the schedule's row (the registry row goes back to the plan, see the base).</summary>
    protected override Task OnPlanAppliedAsync() => ScheduleIndex(State.Site).UpsertAsync(View());

    /// <summary>The item's own master data: its item, BOM and routing records share one shard (issue #17: an MO does
    /// not read the whole plant). An item the shard does not hold is looked up in the site, which moves wave-1 data
    /// to the shards on activation, before "unknown item" is said.</summary>
    private async Task<MasterDataSet> ItemDataAsync(string site, string item)
    {
        var shard = await GrainFactory.GetGrain<IMasterDataShardGrain>(
            MasterDataKeys.ShardGrainKey(site, MasterDataKeys.ShardOf($"{MasterDataKeys.Item}:{item}"))).GetAsync();
        return shard.Data.Items.Any(i => i.Code == item) ? shard.Data : await GrainFactory.GetGrain<ISiteGrain>(site).GetMasterDataAsync();
    }

    /// <summary>Planned hours of an operation for a quantity: setup + run per unit × quantity.</summary>
    private static double PlannedHours(RoutingOperationData r, double qty) => r.SetupHours + r.RunHoursPerUnit * qty;

    private IMoScheduleIndexGrain ScheduleIndex(string site) => GrainFactory.GetGrain<IMoScheduleIndexGrain>(MoScheduleIndex.KeyOf(site, this.GetPrimaryKeyString()));

    private static IReadOnlyList<FieldChange> Create(ManufacturingOrderState s, ManufacturingOrderDraft draft, MasterDataSet data)
    {
        Require(data.Items.Any(i => i.Code == draft.Item), Refusal.UnknownItem, draft.Item);
        Require(draft.Qty > 0, Refusal.QuantityNotPositive);
        Require(draft.Due >= draft.Start, Refusal.EndBeforeStart);
        s.Item = draft.Item;
        s.Qty = draft.Qty;
        s.Start = draft.Start;
        s.Due = draft.Due;
        s.Status = draft.Released ? ManufacturingOrderStatus.Released : ManufacturingOrderStatus.Planned;
        s.Operations = data.Routings.Where(r => r.Item == draft.Item).OrderBy(r => r.Sequence)
            .Select(r => new MoOperation(r.Sequence, r.Workstation, r.Description, PlannedHours(r, draft.Qty), null, null, 0, 0, 0, false)).ToList();
        s.Materials = data.Bom.Where(b => b.Parent == draft.Item)
            .Select(b => new MaterialLine(b.Component, Math.Round(b.QtyPer * draft.Qty / (1 - b.ScrapRate), 3))).ToList();
        if (draft.LastOperationDone is { } last)
        {
            // Open order taken from the ERP with its first operations done: good quantity = order quantity on each.
            Require(s.Operations.Any(o => o.Sequence == last), Refusal.OperationNotInRouting, last, draft.Item);
            Require(s.Operations[^1].Sequence != last, Refusal.AllOperationsDone);
            s.Operations = s.Operations.Select(o => o.Sequence <= last ? o with { GoodQty = draft.Qty, Done = true } : o).ToList();
            s.Status = ManufacturingOrderStatus.InProgress;
        }

        return [FieldChange.Of(HistoryField.Item, null, draft.Item), FieldChange.Of(HistoryField.Quantity, null, Q(draft.Qty))];
    }

    Task<ManufacturingOrderView?> IManufacturingOrderGrain.GetAsync() => Task.FromResult(Exists ? View() : null);

    Task<IReadOnlyList<HistoryEntry>> IManufacturingOrderGrain.GetHistoryAsync() => ReadHistoryAsync();

    async Task<ManufacturingOrderView> IManufacturingOrderGrain.ReleaseAsync(long expectedVersion, string user)
    {
        await CommandAsync(user, expectedVersion, HistoryEvent.ManufacturingOrderReleased, s =>
        {
            Require(s.Status == ManufacturingOrderStatus.Planned, Refusal.OnlyPlannedReleased);
            s.Status = ManufacturingOrderStatus.Released;
            return [FieldChange.Of(HistoryField.Status, "Planned", "Released")];
        });
        return View();
    }

    async Task<ManufacturingOrderView> IManufacturingOrderGrain.RescheduleAsync(DateOnly start, DateOnly due, long expectedVersion, string user)
    {
        await CommandAsync(user, expectedVersion, HistoryEvent.ManufacturingOrderRescheduled, s =>
        {
            Require(s.Status < ManufacturingOrderStatus.Done, Refusal.DoneNotRescheduled);
            Require(due >= start, Refusal.EndBeforeStart);
            var changes = new List<FieldChange> { FieldChange.Of(HistoryField.StartDate, D(s.Start), D(start)), FieldChange.Of(HistoryField.DueDate, D(s.Due), D(due)) };
            s.Start = start;
            s.Due = due;
            return changes;
        });
        return View();
    }

    async Task<ManufacturingOrderView> IManufacturingOrderGrain.SetQtyAsync(double qty, long expectedVersion, string user)
    {
        var routing = Exists ? (await ItemDataAsync(State.Site, State.Item)).Routings.Where(r => r.Item == State.Item).ToList() : [];
        await CommandAsync(user, expectedVersion, HistoryEvent.QuantityChanged, s =>
        {
            Require(qty > 0, Refusal.QuantityNotPositive);
            Require(s.Status < ManufacturingOrderStatus.Done, Refusal.DoneNotChanged);
            var change = FieldChange.Of(HistoryField.Quantity, Q(s.Qty), Q(qty));
            var factor = qty / s.Qty;
            s.Materials = s.Materials.Select(m => m with { QtyRequired = Math.Round(m.QtyRequired * factor, 3) }).ToList();
            // Operations still to do take the time of the new quantity (setup + run per unit × quantity); one the
            // routing no longer has keeps its hours, one already done keeps what was planned.
            s.Operations = s.Operations.Select(o => o.Done || routing.FirstOrDefault(r => r.Sequence == o.Sequence) is not { } r
                ? o : o with { PlannedHours = PlannedHours(r, qty) }).ToList();
            s.Qty = qty;
            return [change];
        });
        return View();
    }

    async Task<ManufacturingOrderView> IManufacturingOrderGrain.DeclareProgressAsync(ProgressDeclaration d, string user)
    {
        await CommandAsync(user, null, HistoryEvent.ProgressDeclared, s =>
        {
            Require(s.Status is ManufacturingOrderStatus.Released or ManufacturingOrderStatus.InProgress, Refusal.NotReleasedForProgress);
            Require(d.GoodQty >= 0 && d.ScrapQty >= 0 && d.Hours >= 0, Refusal.ProgressNegative);
            Require(d.GoodQty + d.ScrapQty + d.Hours > 0 || d.Done, Refusal.NothingToDeclare);
            var i = s.Operations.FindIndex(o => o.Sequence == d.Sequence);
            Require(i >= 0, Refusal.OperationNotFound, d.Sequence);
            var op = s.Operations[i];
            Require(!op.Done, Refusal.OperationAlreadyDone, d.Sequence);
            var available = i == 0 ? s.Qty : s.Operations[i - 1].GoodQty;
            Require(op.GoodQty + op.ScrapQty + d.GoodQty + d.ScrapQty <= available + 1e-9,
                Refusal.OperationOverAvailable, d.Sequence, available);
            var updated = op with { GoodQty = op.GoodQty + d.GoodQty, ScrapQty = op.ScrapQty + d.ScrapQty, ActualHours = op.ActualHours + d.Hours, Done = d.Done };
            s.Operations[i] = updated;
            s.Progress.Add(new ProgressEntry(Clock.GetUtcNow(), user, d));
            var before = s.Status;
            s.Status = s.Operations.All(o => o.Done) ? ManufacturingOrderStatus.Done : ManufacturingOrderStatus.InProgress;
            var changes = new List<FieldChange>
            {
                FieldChange.Of(HistoryField.GoodQuantity, Q(op.GoodQty), Q(updated.GoodQty), d.Sequence),
                FieldChange.Of(HistoryField.ScrapQuantity, Q(op.ScrapQty), Q(updated.ScrapQty), d.Sequence),
                FieldChange.Of(HistoryField.Hours, Q(op.ActualHours), Q(updated.ActualHours), d.Sequence),
            };
            if (before != s.Status)
            {
                changes.Add(FieldChange.Of(HistoryField.Status, before.ToString(), s.Status.ToString()));
            }

            return changes;
        });
        return View();
    }

    async Task<ManufacturingOrderView> IManufacturingOrderGrain.CloseAsync(long expectedVersion, string user)
    {
        await CommandAsync(user, expectedVersion, HistoryEvent.ManufacturingOrderClosed, s =>
        {
            Require(s.Status == ManufacturingOrderStatus.Done, Refusal.OnlyDoneClosed);
            s.Status = ManufacturingOrderStatus.Closed;
            return [FieldChange.Of(HistoryField.Status, "Done", "Closed")];
        });
        return View();
    }

    Task<OrderSummary?> IManufacturingOrderGrain.ApplyPlanAsync(OrderPlanFeedback feedback)
    {
        var changedOps = feedback.Operations.Count > 0 && State.Operations.Any(o =>
            feedback.Operations.FirstOrDefault(f => f.Sequence == o.Sequence) is { } f && (o.ScheduledStart != f.Start || o.ScheduledEnd != f.End));
        return ApplyPlanCoreAsync(feedback, changedOps
            ? s => s.Operations = s.Operations.Select(o => feedback.Operations.FirstOrDefault(f => f.Sequence == o.Sequence) is { } f
                ? o with { ScheduledStart = f.Start, ScheduledEnd = f.End }
                : o).ToList()
            : null);
    }

    Task IManufacturingOrderGrain.ApplyScheduleAsync(MoScheduleFeedback feedback)
    {
        if (!Exists)
        {
            return Task.CompletedTask;
        }

        var slots = feedback.Slots.ToDictionary(x => x.Sequence);
        var changed = State.Operations.Any(o => slots.TryGetValue(o.Sequence, out var x)
            ? o.SequencedStart != x.Start || o.SequencedEnd != x.End || o.SequencedMachine != x.Machine
            : o.SequencedStart is not null);
        if (!changed)
        {
            return Task.CompletedTask;
        }

        // Neither the registry row nor the schedule index row shows the slots (MoScheduleIndex.Row clears them): no
        // call to either (issue #17: the first schedule writes 2,000 MOs).
        return WriteSystemAsync("ScheduleApplied", s => s.Operations = s.Operations.Select(o => slots.TryGetValue(o.Sequence, out var x)
            ? o with { SequencedStart = x.Start, SequencedEnd = x.End, SequencedMachine = x.Machine }
            : o with { SequencedStart = null, SequencedEnd = null, SequencedMachine = null }).ToList(), readModels: false);
    }

    private ManufacturingOrderView View()
    {
        var s = State;
        return new ManufacturingOrderView(this.GetPrimaryKeyString(), s.Site, s.Item, s.Qty, s.Start, s.Due, s.Status, s.Operations.ToList(),
            s.Materials.ToList(), s.Progress.ToList(), s.PeggedCustomerOrders.ToList(), s.Exceptions.ToList(), s.NeededDate, s.Version, s.ModifiedBy, s.ModifiedAt);
    }

    protected override OrderSummary Summarize()
    {
        var s = State;
        var done = s.Operations.Count == 0 ? 0 : s.Operations[^1].GoodQty;
        var closed = s.Status is ManufacturingOrderStatus.Done or ManufacturingOrderStatus.Closed;
        return new OrderSummary(Self, s.Item, s.Status.ToString(), closed,
            [new OrderLineSummary(1, s.Item, closed ? 0 : Math.Max(0, s.Qty - done), s.Due)],
            s.Due, s.Start, s.NeededDate, true, 1, s.Exceptions.Count, OpenActionCount, new OtdFigures(0, 0), s.Version, s.ModifiedBy, s.ModifiedAt);
    }
}

[GenerateSerializer, Alias("Collab.ManufacturingOrderState")]
public sealed class ManufacturingOrderState : OrderState
{
    [Id(0)] public string Item { get; set; } = "";
    [Id(1)] public double Qty { get; set; }
    [Id(2)] public DateOnly Start { get; set; }
    [Id(3)] public DateOnly Due { get; set; }
    [Id(4)] public ManufacturingOrderStatus Status { get; set; }
    [Id(5)] public List<MoOperation> Operations { get; set; } = [];
    [Id(6)] public List<MaterialLine> Materials { get; set; } = [];
    [Id(7)] public List<ProgressEntry> Progress { get; set; } = [];
}
