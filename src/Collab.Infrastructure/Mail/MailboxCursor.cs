using System.Collections.Concurrent;

namespace Collab.Infrastructure.Mail;

/// <summary>
/// Watermark of a polled IMAP folder: everything up to <see cref="LastUid"/> (for this
/// <see cref="UidValidity"/>) has been processed by the application.
/// </summary>
public sealed record MailboxCursor(uint UidValidity, uint LastUid);

/// <summary>Persists the watermark of each polled mailbox (grain state, database…).</summary>
public interface IMailboxCursorStore
{
    ValueTask<MailboxCursor?> GetAsync(string mailboxKey, CancellationToken cancellationToken = default);
    ValueTask SaveAsync(string mailboxKey, MailboxCursor cursor, CancellationToken cancellationToken = default);
}

/// <summary>Watermarks in memory (tests, single-process tools).</summary>
public sealed class InMemoryMailboxCursorStore : IMailboxCursorStore
{
    private readonly ConcurrentDictionary<string, MailboxCursor> _cursors = new(StringComparer.Ordinal);

    public ValueTask<MailboxCursor?> GetAsync(string mailboxKey, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_cursors.TryGetValue(mailboxKey, out var c) ? c : null);

    public ValueTask SaveAsync(string mailboxKey, MailboxCursor cursor, CancellationToken cancellationToken = default)
    {
        _cursors[mailboxKey] = cursor;
        return ValueTask.CompletedTask;
    }
}
