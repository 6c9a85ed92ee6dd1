using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Domain.Actions;
using Orleans.Runtime;

namespace Collab.Grains.Common;

/// <summary>
/// Persisted part shared by every object of the shared plan: optimistic version, last writer,
/// append-only history and the object's actions. Member names are schema.
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
    [Id(4)] public List<HistoryEntry> History { get; set; } = [];
    [Id(5)] public List<ActionItem> Actions { get; set; } = [];
}

/// <summary>
/// The command pipeline of every object grain: validate → apply → persist → publish.
/// A command that throws, or whose write fails, leaves memory equal to storage (state reloaded).
/// Not reentrant: commands on one object run one at a time.
/// </summary>
public abstract class ObjectGrain<TState> : Grain, IHoldsActions
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
            throw new CommandRejectedException("Utilisateur inconnu.");
        }

        var now = Clock.GetUtcNow();
        await _state.SaveVersionedAsync(this, user, expectedVersion, now, s =>
        {
            var changes = apply(s);
            s.History.Add(new HistoryEntry(s.Version + 1, now, user, what, changes, typed));
            return changes;
        });

        await PublishAsync(new ChangeEvent(Self, State.Version, user, now, what));
    }

    /// <summary>
    /// Stores system-computed data (plan consequences) without a version bump or history line,
    /// then publishes a change so screens refresh. A failed write reloads the state.
    /// </summary>
    protected async Task WriteSystemAsync(string what, Action<TState> apply)
    {
        await _state.SaveAsync(this, apply);
        await PublishAsync(new ChangeEvent(Self, State.Version, SystemLogins.Plan, Clock.GetUtcNow(), what));
        await OnChangedAsync();
    }

    /// <summary>Writes the state as it is, without version, history or publication (data migration on activation).</summary>
    protected Task WriteStateWithoutHistoryAsync() => _state.SaveAsync(this, _ => { });

    /// <summary>Deletes the stored object (undo of a creation by a failed import batch); the activation is dropped.</summary>
    protected async Task ClearStoredAsync()
    {
        await _state.ClearStateAsync();
        DeactivateOnIdle();
    }

    /// <summary>Called after every persisted change (commands, actions, system writes): keep read models in step.</summary>
    protected virtual Task OnChangedAsync() => Task.CompletedTask;

    protected Task PublishAsync(ChangeEvent change)
    {
        var site = string.IsNullOrEmpty(State.Site) ? "DEMO" : State.Site;
        return GrainFactory.GetGrain<IChangeBrokerGrain>(site).PublishAsync(change);
    }

    private IActionIndexGrain ActionIndex => GrainFactory.GetGrain<IActionIndexGrain>(string.IsNullOrEmpty(State.Site) ? "DEMO" : State.Site);

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
                    string.IsNullOrEmpty(State.Site) ? "DEMO" : State.Site, user, created.Title, Self, Due: created.Due));
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

    protected void EnsureExists()
    {
        if (!Exists)
        {
            throw new CommandRejectedException($"{this.GetPrimaryKeyString()} n'existe pas.");
        }
    }
}
