using Orleans.Concurrency;

namespace Collab.Contracts.Common;

/// <summary>Published by a grain after it persisted a change; relayed to every screen showing the object. The plan
/// adds the id of its latest run (<see cref="RunId"/>), so a screen knows whether its agenda is older without asking.
/// A purchase order's thread events (a mail received or sent) carry the order as it is after the change
/// (<see cref="PurchaseOrder"/>) and the history line they wrote (<see cref="Entry"/>): the open order page shows the
/// supplier's reply from the event instead of re-reading the order.</summary>
[GenerateSerializer, Immutable, Alias("Collab.ChangeEvent")]
public sealed record ChangeEvent(
    [property: Id(0)] ObjectRef Object,
    [property: Id(1)] long Version,
    [property: Id(2)] string User,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string What,
    [property: Id(5)] string? RunId = null,
    [property: Id(6)] Collab.Contracts.Orders.PurchaseOrderView? PurchaseOrder = null,
    [property: Id(7)] HistoryEntry? Entry = null);

/// <summary>Implemented by each web process (one observer per process, fanned out to its circuits).</summary>
[Alias("Collab.IChangeObserver")]
public interface IChangeObserver : IGrainObserver
{
    [OneWay, Alias("OnChanged")]
    Task OnChangedAsync(ChangeEvent change);
}

/// <summary>
/// Fans change events of one site out to the subscribed web processes, whichever silo they run on.
/// Key: site code. Subscriptions expire unless renewed within <see cref="ChangeBroker.SubscriptionLifetime"/>.
/// </summary>
[Alias("Collab.IChangeBrokerGrain")]
public interface IChangeBrokerGrain : IGrainWithStringKey
{
    [Alias("Subscribe")]
    Task SubscribeAsync(IChangeObserver observer);

    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(IChangeObserver observer);

    /// <summary>
    /// Subscribes or renews. True when the broker did not know the observer (first subscription, broker
    /// reactivated after a silo restart, or the subscription expired and was dropped): events may have been missed.
    /// </summary>
    [Alias("Renew")]
    Task<bool> RenewAsync(IChangeObserver observer);

    [OneWay, Alias("Publish")]
    Task PublishAsync(ChangeEvent change);
}

/// <summary>
/// Read model of every action of a site, kept up to date by the grains that hold them;
/// serves "Mes actions" and "Actions en retard". Key: site code.
/// </summary>
[Alias("Collab.IActionIndexGrain")]
public interface IActionIndexGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task UpsertAsync(ActionItem action);

    [Alias("Query")]
    Task<IReadOnlyList<ActionItem>> QueryAsync(ActionQuery query);
}

[GenerateSerializer, Immutable, Alias("Collab.ActionQuery")]
public sealed record ActionQuery(
    [property: Id(0)] string? Owner = null,
    [property: Id(1)] bool OpenOnly = false,
    [property: Id(2)] DateOnly? OverdueOn = null,
    [property: Id(3)] ObjectKind? OriginKind = null);

public static class ChangeBroker
{
    /// <summary>A subscriber that did not renew within this time is dropped.</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Subscribers renew at this interval (well within the lifetime).</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Where a reader of a read model's changes is (the order registry, the MO schedule index shards): the model's epoch —
/// a new one whenever its rows may have gone back or been lost — and its change counter at the last read.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.ChangeCursor")]
public sealed record ChangeCursor([property: Id(0)] string Epoch, [property: Id(1)] long Sequence)
{
    /// <summary>
    /// Whether a reader at <paramref name="since"/> must read everything again rather than the changes: first read,
    /// another epoch, further behind than the removals still remembered (<paramref name="forgottenBefore"/>), or ahead
    /// of <paramref name="now"/>.
    /// </summary>
    public static bool ReadsEverything([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] ChangeCursor? since, ChangeCursor now, long forgottenBefore) =>
        since is null || since.Epoch != now.Epoch || since.Sequence < forgottenBefore || since.Sequence > now.Sequence;
}
