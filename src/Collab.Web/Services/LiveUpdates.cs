using Collab.Contracts.Common;

namespace Collab.Web.Services;

/// <summary>
/// One per web process: subscribes to the site's change broker with a single grain observer
/// (renewed on a timer, so a broker restart or a silo failover heals by itself) and fans each
/// change out, in-process, to the circuits that show the object. Components subscribe in
/// OnInitialized and dispose the subscription; handlers should call InvokeAsync(StateHasChanged).
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
        _site = configuration["Collab:Site"] ?? "DEMO";
    }

    /// <summary>Number of change events this process received (diagnostics, benchmarks).</summary>
    public long Delivered { get; private set; }

    /// <summary>Subscribes to changes of one object, of one kind (<paramref name="id"/> null), or of everything (both null).</summary>
    public IDisposable Subscribe(ObjectKind? kind, string? id, Func<ChangeEvent, Task> handler)
    {
        var subscription = new Subscription(this, kind, id, handler);
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
            _ = InvokeSafelyAsync(target, change);
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

    private async Task RenewAsync()
    {
        if (_reference is null)
        {
            return;
        }

        try
        {
            await _grains.GetGrain<IChangeBrokerGrain>(_site).SubscribeAsync(_reference);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Could not (re)subscribe to live updates of site {Site}; will retry", _site);
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

    private sealed class Subscription(LiveUpdates owner, ObjectKind? kind, string? id, Func<ChangeEvent, Task> handler) : IDisposable
    {
        public Func<ChangeEvent, Task> Handler { get; } = handler;

        public System.Globalization.CultureInfo Culture { get; } = System.Globalization.CultureInfo.CurrentCulture;

        public System.Globalization.CultureInfo UiCulture { get; } = System.Globalization.CultureInfo.CurrentUICulture;

        public bool Matches(ChangeEvent change) =>
            (kind is null || change.Object.Kind == kind) && (id is null || change.Object.Id == id);

        public void Dispose() => owner.Remove(this);
    }
}
