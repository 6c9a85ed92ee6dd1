using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Domain.Actions;
using Orleans.Runtime;

namespace Collab.Grains.Common;

/// <summary>
/// Persisted part shared by every object of the shared plan: optimistic version, last writer, the object's actions and
/// the bookkeeping of its append-only history, which lives outside this state in chunk grains
/// (<see cref="ObjectHistoryGrain"/>, docs/architecture.md "History and threads"). Member names are schema.
/// Stored as System.Text.Json without type names (see CollabSerialization): members must not be
/// polymorphic (no abstract or interface-typed member holding a subclass).
/// </summary>
[GenerateSerializer, Alias("Collab.ObjectState")]
public abstract class ObjectState : IVersionedState
{
    [Id(0)] public string Site { get; set; } = string.Empty;
    [Id(1)] public long Version { get; set; }
    [Id(2)] public string? ModifiedBy { get; set; }
    [Id(3)] public DateTimeOffset? ModifiedAt { get; set; }
    /// <summary>Only in states stored before histories moved out (issue #17): moved to the chunks on activation, then empty.</summary>
    [Id(4)] public List<HistoryEntry> History { get; set; } = [];
    [Id(5)] public List<ActionItem> Actions { get; set; } = [];
    /// <summary>How many history entries the object has (the next entry's position).</summary>
    [Id(6)] public long HistoryCount { get; set; }
    /// <summary>
    /// The newest entries, written with the change they describe and not yet known to be in their chunk (positions
    /// <c>HistoryCount − PendingHistory.Count</c> onwards). Delivered right after the write, again on activation after a
    /// crash; the chunk skips positions it already has. Memory may hold fewer than storage (delivered since the last write).
    /// </summary>
    [Id(7)] public List<HistoryEntry> PendingHistory { get; set; } = [];
}

/// <summary>
/// The command pipeline of every object grain: validate → apply → persist → publish.
/// A command that throws, or whose write fails, leaves memory equal to storage (state reloaded).
/// Not reentrant: commands on one object run one at a time.
/// </summary>
public abstract class ObjectGrain<TState> : Grain, IHoldsActions, IHasHistory
    where TState : ObjectState, new()
{
    private readonly IPersistentState<TState> _state;

    protected ObjectGrain(IPersistentState<TState> state, TimeProvider clock)
    {
        _state = state;
        Clock = clock;
    }

    protected TState State => _state.State;

    protected TimeProvider Clock { get; }

    protected abstract ObjectKind Kind { get; }

    protected ObjectRef Self => new(Kind, this.GetPrimaryKeyString());

    /// <summary>Prefix of the history chunk keys ("&lt;kind&gt;/&lt;key&gt;"); a grain sharing a kind with another overrides the kind part.</summary>
    protected virtual string HistoryName => $"{Kind}/{this.GetPrimaryKeyString()}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (State.History.Count > 0)
        {
            // A state stored before histories moved out: entries to the chunks first (idempotent by position), then the
            // state without them. A crash in between leaves History in the state and the move is redone.
            var moved = State.History.ToList();
            var first = State.HistoryCount - State.PendingHistory.Count - moved.Count;
            if (first < 0)
            {
                State.HistoryCount += -first;
                first = 0;
            }

            await AppendToChunksAsync(first, moved);
            await _state.SaveAsync(this, s => s.History = []);
        }

        await DeliverPendingHistoryAsync();
    }

    /// <summary>
    /// How many history lines wait in the object's state before they are appended to their chunk (issue #17). A line is
    /// durable with the change it describes (same row, same commit) and read from the state until delivered, so an edit
    /// is one storage write, and the chunk is written once per <see cref="PendingHistoryBatch"/> edits (and on
    /// deactivation) instead of once per edit. The state carries at most this many lines (a few KB).
    /// </summary>
    protected const int PendingHistoryBatch = 8;

    /// <summary>Delivers the lines still pending (best effort: what fails stays in the stored state and is delivered by
    /// the next activation).</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Not while the silo stops: the history grains cannot be placed any more (a large plant's 7,000 orders each
        // retried in vain, 11,000 warnings at every stop). The lines stay pending in the stored state and the next
        // activation delivers them.
        if (reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
        {
            await DeliverPendingHistoryAsync();
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>True once the object was created (first command persisted).</summary>
    protected bool Exists => _state.RecordExists;

    /// <summary>
    /// Runs a command. <paramref name="apply"/> validates (throwing <see cref="CommandRejectedException"/>)
    /// then mutates <see cref="State"/> and returns the field changes for the history.
    /// </summary>
    protected Task ExecuteAsync(string user, long? expectedVersion, string what, Func<TState, IReadOnlyList<FieldChange>> apply) =>
        ExecuteCoreAsync(user, expectedVersion, what, null, apply);

    /// <summary>Runs a command recorded as a typed history entry (<paramref name="what"/>), worded by the UI.</summary>
    protected Task ExecuteAsync(string user, long? expectedVersion, HistoryEvent what, Func<TState, IReadOnlyList<FieldChange>> apply) =>
        ExecuteCoreAsync(user, expectedVersion, what.ToString(), what, apply);

    private async Task ExecuteCoreAsync(string user, long? expectedVersion, string what, HistoryEvent? typed, Func<TState, IReadOnlyList<FieldChange>> apply)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            throw new CommandRejectedException(Refusal.UnknownUser);
        }

        var now = Clock.GetUtcNow();
        HistoryEntry? entry = null;
        await _state.SaveVersionedAsync(this, user, expectedVersion, now, s =>
        {
            var changes = apply(s);
            s.PendingHistory.Add(entry = new HistoryEntry(s.Version + 1, now, user, what, changes, typed));
            s.HistoryCount++;
            return changes;
        });

        if (State.PendingHistory.Count >= PendingHistoryBatch)
        {
            await DeliverPendingHistoryAsync();
        }

        await PublishAsync(Announce(new ChangeEvent(Self, State.Version, user, now, what), entry!));
    }

    /// <summary>The change event of a command, given the history line it wrote: a grain may add what its open pages
    /// need to show the change without re-reading the object (the purchase order's thread events do).</summary>
    protected virtual ChangeEvent Announce(ChangeEvent change, HistoryEntry entry) => change;

    /// <summary>
    /// Stores system-computed data (plan consequences) without a version bump or history line,
    /// then publishes a change so screens refresh. A failed write reloads the state. <paramref name="readModels"/>
    /// false: <see cref="OnChangedAsync"/> is not called — the data is in no read model (the schedule's slots of an MO)
    /// or the caller writes the read models itself (the plan's push writes the registry rows of a run at once).
    /// </summary>
    protected async Task WriteSystemAsync(string what, Action<TState> apply, bool readModels = true)
    {
        await _state.SaveAsync(this, apply);
        await PublishAsync(new ChangeEvent(Self, State.Version, SystemLogins.Plan, Clock.GetUtcNow(), what));
        if (readModels)
        {
            await OnChangedAsync();
        }
    }

    /// <summary>Writes the state as it is, without version, history or publication (data migration on activation).</summary>
    protected Task WriteStateWithoutHistoryAsync() => _state.SaveAsync(this, _ => { });

    /// <summary>Deletes the stored object (undo of a creation by a failed import batch) and its history; the activation is dropped.</summary>
    protected async Task ClearStoredAsync()
    {
        // History first: a crash after it leaves the object without history lines, never a new object of the same
        // number inheriting the old lines (positions would be skipped as already stored).
        var chunks = (State.HistoryCount + ObjectHistoryKeys.ChunkSize - 1) / ObjectHistoryKeys.ChunkSize;
        for (var c = 0L; c < chunks; c++)
        {
            await Chunk(c).ClearAsync();
        }

        await _state.ClearStateAsync();
        DeactivateOnIdle();
    }

    /// <summary>Called after every persisted change (commands, actions, system writes): keep read models in step.</summary>
    protected virtual Task OnChangedAsync() => Task.CompletedTask;

    /// <summary>The object's site (objects stored before sites had codes belong to the demo site).</summary>
    private string SiteOrDemo => string.IsNullOrEmpty(State.Site) ? "DEMO" : State.Site;

    protected Task PublishAsync(ChangeEvent change) => GrainFactory.GetGrain<IChangeBrokerGrain>(SiteOrDemo).PublishAsync(change);

    private IActionIndexGrain ActionIndex => GrainFactory.GetGrain<IActionIndexGrain>(SiteOrDemo);

    Task<IReadOnlyList<ActionItem>> IHoldsActions.GetActionsAsync() =>
        Task.FromResult<IReadOnlyList<ActionItem>>(State.Actions.ToList());

    async Task<ActionItem> IHoldsActions.AddActionAsync(NewAction action, string user)
    {
        EnsureExists();
        ActionItem? created = null;
        await ExecuteAsync(user, null, HistoryEvent.ActionAdded, s =>
        {
            created = ActionBook.Add(s.Actions, action, Self, user, Clock.GetUtcNow());
            return new[] { FieldChange.Of(HistoryField.Action, null, created.Title) };
        });
        await ActionIndex.UpsertAsync(created!);
        if (!string.Equals(created!.Owner, user, StringComparison.OrdinalIgnoreCase))
        {
            await GrainFactory.GetGrain<Collab.Contracts.Notifications.INotificationInboxGrain>(created.Owner.ToLowerInvariant())
                .AddAsync(new Collab.Contracts.Notifications.NewNotification(Collab.Contracts.Notifications.NotificationKind.ActionAssigned,
                    SiteOrDemo, user, created.Title, Self, Due: created.Due));
        }

        await OnChangedAsync();
        return created!;
    }

    async Task<ActionItem> IHoldsActions.SetActionStatusAsync(Guid actionId, ActionStatus status, long expectedVersion, string user)
    {
        EnsureExists();
        ActionItem? updated = null;
        await ExecuteAsync(user, null, HistoryEvent.ActionStatusChanged, s =>
        {
            var (before, after) = ActionBook.SetStatus(s.Actions, actionId, status, expectedVersion, user, Clock.GetUtcNow());
            updated = after;
            return new[] { FieldChange.Of(HistoryField.Status, before.Status.ToString(), after.Status.ToString(), subject: after.Title) };
        });
        await ActionIndex.UpsertAsync(updated!);
        await OnChangedAsync();
        return updated!;
    }

    async Task<ActionItem> IHoldsActions.CommentActionAsync(Guid actionId, string text, string user)
    {
        EnsureExists();
        ActionItem? updated = null;
        await ExecuteAsync(user, null, HistoryEvent.ActionCommented, s =>
        {
            updated = ActionBook.Comment(s.Actions, actionId, text, user, Clock.GetUtcNow());
            return new[] { FieldChange.Of(HistoryField.Action, null, text, subject: updated.Title) };
        });
        await ActionIndex.UpsertAsync(updated!);
        return updated!;
    }

    /// <summary>The whole history, oldest first (chunks read in parallel, then the lines not yet delivered).</summary>
    protected async Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync()
    {
        var delivered = State.HistoryCount - State.PendingHistory.Count;
        var pending = State.PendingHistory.ToList();
        var chunks = await ReadChunksAsync(0, delivered);
        return [.. chunks, .. pending];
    }

    Task<HistoryPage> IHasHistory.GetHistoryPageAsync(int skip, int take) => ReadHistoryPageAsync(skip, take);

    /// <summary>Entries newest first: the <paramref name="skip"/> newest skipped, then at most <paramref name="take"/>.</summary>
    protected async Task<HistoryPage> ReadHistoryPageAsync(int skip, int take)
    {
        var total = State.HistoryCount;
        var pending = State.PendingHistory.ToList();
        var delivered = total - pending.Count;
        var hi = Math.Max(0, total - Math.Max(0, skip));
        var lo = Math.Max(0, hi - Math.Max(0, take));
        var fromChunks = await ReadChunksAsync(lo, Math.Min(hi, delivered));
        var fromPending = pending.Skip((int)Math.Max(0, lo - delivered)).Take((int)Math.Max(0, hi - Math.Max(lo, delivered)));
        List<HistoryEntry> page = [.. fromChunks, .. fromPending];
        page.Reverse();
        return new HistoryPage(page, total);
    }

    /// <summary>Entries at positions [<paramref name="from"/>, <paramref name="to"/>) from the chunks, oldest first.</summary>
    private async Task<List<HistoryEntry>> ReadChunksAsync(long from, long to)
    {
        if (to <= from)
        {
            return [];
        }

        var size = ObjectHistoryKeys.ChunkSize;
        var first = from / size;
        var last = (to - 1) / size;
        var chunks = await Task.WhenAll(Enumerable.Range(0, (int)(last - first + 1)).Select(i => Chunk(first + i).GetAsync()));
        var result = new List<HistoryEntry>((int)(to - from));
        for (var i = 0; i < chunks.Length; i++)
        {
            var start = (first + i) * size;
            for (var j = 0; j < chunks[i].Count; j++)
            {
                var position = start + j;
                if (position >= from && position < to)
                {
                    result.Add(chunks[i][j]);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Appends the pending lines to their chunks and forgets them in memory (storage forgets them with the next write;
    /// a redelivery is skipped by the chunk). A failed append does not fail the command, which is stored: the lines stay
    /// pending, are read from the state meanwhile and are delivered again by a later command, the deactivation or the
    /// next activation.
    /// </summary>
    private async Task DeliverPendingHistoryAsync()
    {
        var pending = State.PendingHistory;
        if (pending.Count == 0)
        {
            return;
        }

        try
        {
            await AppendToChunksAsync(State.HistoryCount - pending.Count, [.. pending]);
            pending.Clear();
        }
        catch (Exception) when (pending.Count > 0)
        {
            // Kept pending: see above.
        }
    }

    private async Task AppendToChunksAsync(long first, IReadOnlyList<HistoryEntry> entries)
    {
        var size = ObjectHistoryKeys.ChunkSize;
        var i = 0;
        while (i < entries.Count)
        {
            var position = first + i;
            var n = (int)Math.Min(entries.Count - i, size - position % size);
            await Chunk(position / size).AppendAsync(position, entries.Skip(i).Take(n).ToList());
            i += n;
        }
    }

    private IObjectHistoryGrain Chunk(long chunk) => GrainFactory.GetGrain<IObjectHistoryGrain>(ObjectHistoryKeys.Chunk(HistoryName, chunk));

    protected void EnsureExists()
    {
        if (!Exists)
        {
            throw new CommandRejectedException(Refusal.NotFound, this.GetPrimaryKeyString());
        }
    }
}
