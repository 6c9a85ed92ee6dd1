namespace Collab.Domain.FollowUps;

/// <summary>When the purchasing mailbox is polled next (pure): every minute when fine; after failures 30 s doubling up to 15 min.</summary>
public static class MailboxBackoff
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan InitialRetryDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(15);

    /// <summary>Delay before the next attempt after <paramref name="consecutiveFailures"/> failures in a row.</summary>
    public static TimeSpan RetryDelay(int consecutiveFailures)
    {
        var factor = Math.Pow(2, Math.Min(Math.Max(consecutiveFailures - 1, 0), 20));
        return TimeSpan.FromTicks((long)Math.Min(InitialRetryDelay.Ticks * factor, MaxRetryDelay.Ticks));
    }
}
