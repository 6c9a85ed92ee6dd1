using Collab.Contracts.Common;
using Collab.Web.Services;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collab.Web.Tests.Services;

/// <summary>
/// Catch-up after a lost subscription: when a renewal finds the broker had forgotten this process (expired, or the
/// broker reactivated after a silo restart), every subscriber gets a "resync", whatever its filter.
/// A LiveUpdates of its own, against the host's silo, whose renewal timer never fires (renewals are explicit).
/// </summary>
[Collection(WebHostCollection.Name)]
public sealed class LiveUpdatesTests(WebHostFixture host)
{
    [Fact]
    public async Task A_renewal_that_finds_the_subscription_lost_sends_a_resync_to_every_subscriber()
    {
        var grains = host.Factory.Services.GetRequiredService<IGrainFactory>();
        var live = new LiveUpdates(grains, new ManualTimers(), host.Factory.Services.GetRequiredService<IConfiguration>(), NullLogger<LiveUpdates>.Instance);
        await live.StartAsync(CancellationToken.None);
        try
        {
            var resynced = new TaskCompletionSource<ChangeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            var other = new TaskCompletionSource<ChangeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var onOneOrder = live.Subscribe(ObjectKind.ManufacturingOrder, "OF-QUI-N-EXISTE-PAS", c =>
            {
                (LiveUpdates.IsResync(c) ? resynced : other).TrySetResult(c);
                return Task.CompletedTask;
            });

            // an ordinary renewal: the broker knows us, nothing to catch up
            await live.RenewAsync();
            Assert.Equal(0, live.Resyncs);

            // the broker forgets this process (what an expiry or a silo restart does), then the renewal comes
            await grains.GetGrain<IChangeBrokerGrain>("DEMO").UnsubscribeAsync(live.ObserverReference!);
            await live.RenewAsync();

            var change = await resynced.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(LiveUpdates.ResyncWhat, change.What);
            Assert.Equal(1, live.Resyncs);
            Assert.False(other.Task.IsCompleted);

            // subscribed again: live changes flow once more
            var flowing = new TaskCompletionSource<ChangeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var onSite = live.Subscribe(ObjectKind.Site, "DEMO-LIVE-TEST", c =>
            {
                flowing.TrySetResult(c);
                return Task.CompletedTask;
            });
            await grains.GetGrain<IChangeBrokerGrain>("DEMO").PublishAsync(new ChangeEvent(new ObjectRef(ObjectKind.Site, "DEMO-LIVE-TEST"), 1, "test", DateTimeOffset.UtcNow, "ping"));
            Assert.Equal("ping", (await flowing.Task.WaitAsync(TimeSpan.FromSeconds(10))).What);
            await live.RenewAsync();
            Assert.Equal(1, live.Resyncs);
        }
        finally
        {
            await live.StopAsync(CancellationToken.None);
            live.Dispose();
        }
    }

    /// <summary>A clock whose timers never fire: renewals happen only when the test calls them.</summary>
    private sealed class ManualTimers : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new Idle();

        private sealed class Idle : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
