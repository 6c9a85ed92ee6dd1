using Collab.Contracts.Common;

namespace Collab.Web.Services;

/// <summary>
/// One per web process: subscribes to the site's change broker with a single grain observer
/// (renewed on a timer, so a broker restart or a silo failover heals by itself) and fans each
/// change out, in-process, to the circuits that show the object. Components subscribe in
/// OnInitialized and dispose the subscription; handlers should call InvokeAsync(StateHasChanged).
/// Catch-up: when a renewal finds that the broker had lost this process (silo restart, expired
/// subscription) or a renewal succeeds after failures, every subscriber receives a "resync" event
/// (<see cref="IsResync"/>), whatever its filter, and reloads what it shows.
/// Coalesced per subscription (one page of one circuit): at most one call of the handler per
/// <see cref="CoalesceWindow"/>; a burst (a plan run touching 120 orders) gives one call at once and one after the
/// window with the latest change, never one re-query per event (<see cref="CoalescedHandler"/>).
/// </summary>
public sealed class LiveUpdates : IHostedService, IChangeObserver, IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _clock;
    private readonly ILogger<LiveUpdates> _logger;
    private readonly string _site;
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];
    private IChangeObserver? _reference;
    private ITimer? _renewal;

    public LiveUpdates(IGrainFactory grains, TimeProvider clock, IConfiguration configuration, ILogger<LiveUpdates> logger)
    {
        _grains = grains;
        _clock = clock;
        _logger = logger;
        _site = SiteOptions.CodeOf(configuration);
    }

    /// <summary>At most one re-query per page in this window.</summary>
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromMilliseconds(250);

    /// <summary>Number of change events this process received (diagnostics, benchmarks).</summary>
    public long Delivered { get; private set; }

    /// <summary><see cref="ChangeEvent.What"/> of the catch-up event sent to every subscriber after a lost subscription.</summary>
    public const string ResyncWhat = "resync";

    /// <summary>Number of catch-up events raised (diagnostics, tests).</summary>
    public long Resyncs { get; private set; }

    /// <summary>The observer reference registered with the broker (tests simulate a broker that forgot it).</summary>
    public IChangeObserver? ObserverReference => _reference;

    private bool _subscribed;
    private bool _failing;

    /// <summary>A plan run the pages read from now on (its consequences for the orders follow).</summary>
    public static bool IsNewPlanRun(ChangeEvent change) => change.Object.Kind == ObjectKind.Plan && change.What == Collab.Contracts.Plan.PlanEvents.Recalculated;

    /// <summary>True for the catch-up event: reload everything shown, missed changes are not replayed.</summary>
    public static bool IsResync(ChangeEvent change) => change.What == ResyncWhat && change.Object.Kind == ObjectKind.Site && change.Object.Id == "*";

    /// <summary>Subscribes to changes of one object, of one kind (<paramref name="id"/> null), or of everything (both null).</summary>
    public IDisposable Subscribe(ObjectKind? kind, string? id, Func<ChangeEvent, Task> handler)
    {
        var subscription = new Subscription(this, kind, id, handler, _clock);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
        }

        return subscription;
    }

    Task IChangeObserver.OnChangedAsync(ChangeEvent change)
    {
        Subscription[] targets;
        lock (_gate)
        {
            targets = _subscriptions.Where(s => s.Matches(change)).ToArray();
            Delivered++;
        }

        foreach (var target in targets)
        {
            target.Post(change);
        }

        return Task.CompletedTask;
    }

    private async Task InvokeSafelyAsync(Subscription target, ChangeEvent change)
    {
        try
        {
            // Render in the subscriber's (circuit's) culture, not the observer thread's.
            (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture) = (target.Culture, target.UiCulture);
            await target.Handler(change);
        }
        catch (Exception e)
        {
            // A closed circuit must not stop the others from being told.
            _logger.LogDebug(e, "Live update handler failed for {Object}", change.Object);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = _grains.CreateObjectReference<IChangeObserver>(this);
        await RenewAsync();
        _renewal = _clock.CreateTimer(_ => _ = RenewAsync(), null, ChangeBroker.RenewEvery, ChangeBroker.RenewEvery);
    }

    /// <summary>Renews the subscription now (the timer calls it every <see cref="ChangeBroker.RenewEvery"/>); raises the catch-up when needed.</summary>
    public async Task RenewAsync()
    {
        if (_reference is null)
        {
            return;
        }

        bool forgotten;
        try
        {
            forgotten = await _grains.GetGrain<IChangeBrokerGrain>(_site).RenewAsync(_reference);
        }
        catch (Exception e)
        {
            _failing = true;
            _logger.LogWarning(e, "Could not (re)subscribe to live updates of site {Site}; will retry", _site);
            return;
        }

        var catchUp = _subscribed && (forgotten || _failing);
        (_subscribed, _failing) = (true, false);
        if (catchUp)
        {
            _logger.LogInformation("Live updates of site {Site} were interrupted: open pages reload", _site);
            Resyncs++;
            await ((IChangeObserver)this).OnChangedAsync(new ChangeEvent(new ObjectRef(ObjectKind.Site, "*"), 0, "", _clock.GetUtcNow(), ResyncWhat));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _renewal?.Dispose();
        if (_reference is not null)
        {
            try
            {
                await _grains.GetGrain<IChangeBrokerGrain>(_site).UnsubscribeAsync(_reference);
            }
            catch (Exception e)
            {
                _logger.LogDebug(e, "Unsubscribe failed during shutdown");
            }

            try
            {
                _grains.DeleteObjectReference<IChangeObserver>(_reference);
            }
            catch (ArgumentException e)
            {
                // The co-hosted silo may already have released its object references.
                _logger.LogDebug(e, "Observer reference already released");
            }

            _reference = null;
        }
    }

    public void Dispose() => _renewal?.Dispose();

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private sealed class Subscription : IDisposable
    {
        private readonly LiveUpdates owner;
        private readonly ObjectKind? kind;
        private readonly string? id;
        private readonly CoalescedHandler coalesced;

        public Subscription(LiveUpdates owner, ObjectKind? kind, string? id, Func<ChangeEvent, Task> handler, TimeProvider clock)
        {
            (this.owner, this.kind, this.id, Handler) = (owner, kind, id, handler);
            coalesced = new CoalescedHandler(clock, CoalesceWindow, c => owner.InvokeSafelyAsync(this, c));
        }

        public Func<ChangeEvent, Task> Handler { get; }

        public void Post(ChangeEvent change) => _ = coalesced.PostAsync(change);

        public System.Globalization.CultureInfo Culture { get; } = System.Globalization.CultureInfo.CurrentCulture;

        public System.Globalization.CultureInfo UiCulture { get; } = System.Globalization.CultureInfo.CurrentUICulture;

        public bool Matches(ChangeEvent change) =>
            IsResync(change) || ((kind is null || change.Object.Kind == kind) && (id is null || change.Object.Id == id));

        public void Dispose()
        {
            owner.Remove(this);
            coalesced.Dispose();
        }
    }
}

/// <summary>
/// Calls a handler at most once per <c>window</c>: the first change of a quiet period at once (leading edge), the
/// changes that follow within the window merged into one call with the latest change when the window ends
/// (trailing edge), so the page always ends on the last state. Driven by a <see cref="TimeProvider"/> (tests use a
/// fake clock).
/// </summary>
public sealed class CoalescedHandler(TimeProvider clock, TimeSpan window, Func<ChangeEvent, Task> handler) : IDisposable
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastRun;
    private ChangeEvent? _pending;
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>Calls of the handler so far (tests, diagnostics).</summary>
    public int Calls { get; private set; }

    public Task PostAsync(ChangeEvent change)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return Task.CompletedTask;
            }

            var now = clock.GetUtcNow();
            if (_timer is not null)
            {
                _pending = change;
                return Task.CompletedTask;
            }

            if (_lastRun is { } last && now - last < window)
            {
                _pending = change;
                _timer = clock.CreateTimer(_ => Fire(), null, window - (now - last), Timeout.InfiniteTimeSpan);
                return Task.CompletedTask;
            }

            _lastRun = now;
            Calls++;
        }

        return handler(change);
    }

    private void Fire()
    {
        ChangeEvent? change;
        lock (_gate)
        {
            change = _pending;
            _pending = null;
            _timer?.Dispose();
            _timer = null;
            if (_disposed || change is null)
            {
                return;
            }

            _lastRun = clock.GetUtcNow();
            Calls++;
        }

        _ = handler(change);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }
}
