using Collab.Contracts.Common;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Collab.Grains.Common;

/// <summary>Holds no persistent state: subscribers re-subscribe periodically, so a restart loses nothing.</summary>
public sealed class ChangeBrokerGrain : Grain, IChangeBrokerGrain
{
    private readonly ObserverManager<IChangeObserver> _observers;

    public ChangeBrokerGrain(ILogger<ChangeBrokerGrain> logger)
    {
        _observers = new ObserverManager<IChangeObserver>(ChangeBroker.SubscriptionLifetime, logger);
    }

    Task IChangeBrokerGrain.SubscribeAsync(IChangeObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    Task<bool> IChangeBrokerGrain.RenewAsync(IChangeObserver observer)
    {
        var known = _observers.Observers.ContainsKey(observer);
        _observers.Subscribe(observer, observer);
        return Task.FromResult(!known);
    }

    Task IChangeBrokerGrain.UnsubscribeAsync(IChangeObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    Task IChangeBrokerGrain.PublishAsync(ChangeEvent change)
    {
        _observers.Notify(o => o.OnChangedAsync(change));
        return Task.CompletedTask;
    }
}
