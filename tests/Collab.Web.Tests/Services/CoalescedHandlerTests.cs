using Collab.Contracts.Common;
using Collab.Web.Services;
using Microsoft.Extensions.Time.Testing;

namespace Collab.Web.Tests.Services;

/// <summary>Live updates are coalesced per page: at most one re-query per 250 ms, ending on the latest change.</summary>
public sealed class CoalescedHandlerTests
{
    private static ChangeEvent Change(int n) => new(new ObjectRef(ObjectKind.ManufacturingOrder, $"OF-{n}"), n, "planificateur", DateTimeOffset.UnixEpoch, "plan");

    [Fact]
    public async Task A_burst_of_changes_gives_one_call_at_once_and_one_after_the_window_with_the_latest()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var seen = new List<long>();
        using var handler = new CoalescedHandler(clock, LiveUpdates.CoalesceWindow, c =>
        {
            lock (seen)
            {
                seen.Add(c.Version);
            }

            return Task.CompletedTask;
        });

        // A plan run publishes 120 order changes within a few milliseconds.
        for (var i = 1; i <= 120; i++)
        {
            await handler.PostAsync(Change(i));
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal([1L], seen);
        clock.Advance(TimeSpan.FromMilliseconds(130));
        Assert.Equal([1L, 120L], seen);
        Assert.Equal(2, handler.Calls);

        // Nothing more without a new change.
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, handler.Calls);

        // After a quiet period the next change is shown at once.
        await handler.PostAsync(Change(121));
        Assert.Equal([1L, 120L, 121L], seen);
    }

    [Fact]
    public async Task Never_more_than_one_call_per_window_under_a_steady_stream()
    {
        var clock = new FakeTimeProvider();
        var calls = new List<DateTimeOffset>();
        using var handler = new CoalescedHandler(clock, LiveUpdates.CoalesceWindow, _ =>
        {
            calls.Add(clock.GetUtcNow());
            return Task.CompletedTask;
        });

        // One change every 10 ms for 2 s.
        for (var i = 0; i < 200; i++)
        {
            await handler.PostAsync(Change(i));
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.InRange(calls.Count, 8, 9);
        Assert.All(calls.Zip(calls.Skip(1)), p => Assert.True(p.Second - p.First >= LiveUpdates.CoalesceWindow, $"{p.First:O} → {p.Second:O}"));
    }

    [Fact]
    public async Task A_disposed_page_is_not_called_by_a_pending_change()
    {
        var clock = new FakeTimeProvider();
        var calls = 0;
        var handler = new CoalescedHandler(clock, LiveUpdates.CoalesceWindow, _ =>
        {
            calls++;
            return Task.CompletedTask;
        });
        await handler.PostAsync(Change(1));
        await handler.PostAsync(Change(2));
        handler.Dispose();
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, calls);
    }
}
