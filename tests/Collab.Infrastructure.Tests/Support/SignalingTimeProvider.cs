using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Collab.Infrastructure.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that publishes every timer created on it (absolute due time and
/// period), so a test can wait for "a timer due at X has been armed" — an
/// explicit barrier — before advancing time.
/// </summary>
internal sealed class SignalingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<ArmedTimer> timers = Channel.CreateUnbounded<ArmedTimer>();

    public ChannelReader<ArmedTimer> Timers => timers.Reader;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var dueAt = dueTime < TimeSpan.Zero ? (DateTimeOffset?)null : GetUtcNow() + dueTime;
        var timer = base.CreateTimer(callback, state, dueTime, period);
        timers.Writer.TryWrite(new ArmedTimer(dueAt, period));
        return timer;
    }

    /// <summary>Reads created timers until one is due at <paramref name="target"/> (± 1 ms); the clock does not move.</summary>
    public async Task WaitForTimerDueAtAsync(DateTimeOffset target, CancellationToken cancellationToken)
    {
        var seen = new List<ArmedTimer>();
        try
        {
            await foreach (var timer in timers.Reader.ReadAllAsync(cancellationToken))
            {
                seen.Add(timer);
                if (timer.DueAt is { } dueAt && Math.Abs((dueAt - target).TotalMilliseconds) <= 1)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            var now = GetUtcNow();
            throw new TimeoutException(
                $"No timer due at {target:O} was armed; timers seen (due in / period): " +
                string.Join(", ", seen.Take(40).Select(t => $"{(t.DueAt is { } d ? (d - now).ToString() : "never")}/{t.Period}")));
        }
    }
}

internal readonly record struct ArmedTimer(DateTimeOffset? DueAt, TimeSpan Period);
