using Collab.Contracts;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collab.Infrastructure.Mail;

public enum MailboxState
{
    /// <summary>No poll attempted yet.</summary>
    NeverPolled,
    /// <summary>Last poll succeeded.</summary>
    Ok,
    /// <summary>Last poll failed; see <see cref="MailboxStatus.LastError"/>; retried with backoff.</summary>
    Failing,
}

/// <summary>What the mailbox page shows: state, last error, last success, next retry.</summary>
public sealed record MailboxStatus(
    MailboxState State,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? LastSuccessAt,
    RefusalReason? LastError,
    DateTimeOffset? LastErrorAt,
    int ConsecutiveFailures,
    DateTimeOffset? NextAttemptAt);

/// <summary>
/// Result of one poll. The messages are NOT acknowledged: call
/// <see cref="MailboxPoller.AcknowledgeAsync(MailboxPollResult, CancellationToken)"/> once they have
/// been stored/processed, otherwise the next poll returns them again (at-least-once delivery).
/// </summary>
public sealed record MailboxPollResult(bool Succeeded, IncomingMail[] Messages, MailboxCursor? Cursor, MailboxStatus Status)
{
    /// <summary>True when the folder has more new messages than were fetched in this poll.</summary>
    public bool MoreAvailable { get; init; }

    /// <summary>How many messages were downloaded whole (the others were above the size limit: envelope only).</summary>
    public int Downloaded { get; init; }
}

/// <summary>
/// Fetches the new messages of one IMAP folder since the persisted UID watermark. Never loses a
/// message: the watermark advances only on <see cref="AcknowledgeAsync(MailboxPollResult, CancellationToken)"/>.
/// If the folder's UIDVALIDITY changed (folder recreated), the whole folder is read again; the
/// caller de-duplicates by Message-ID. Failures are recorded in <see cref="Status"/> with an
/// exponential backoff (<see cref="MailboxSettings.InitialRetryDelay"/> doubled up to
/// <see cref="MailboxSettings.MaxRetryDelay"/>); <see cref="IsDue"/> tells a scheduler when to poll.
/// One instance per mailbox; polls of one instance are serialised.
/// </summary>
public sealed class MailboxPoller
{
    private readonly MailboxSettings _settings;
    private readonly IMailboxCursorStore _cursors;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _statusLock = new();
    private MailboxStatus _status = new(MailboxState.NeverPolled, null, null, null, null, 0, null);

    public MailboxPoller(MailboxSettings settings, IMailboxCursorStore cursors, TimeProvider timeProvider, ILogger<MailboxPoller>? logger = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _cursors = cursors ?? throw new ArgumentNullException(nameof(cursors));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        MailboxKey = $"{settings.UserName}@{settings.Host}:{settings.Port}/{settings.Folder}";
    }

    /// <summary>Key of this mailbox in the cursor store.</summary>
    public string MailboxKey { get; }

    public MailboxStatus Status
    {
        get { lock (_statusLock) return _status; }
    }

    /// <summary>True when a poll should run now (never polled, interval elapsed, or retry time reached).</summary>
    public bool IsDue(DateTimeOffset now)
    {
        var s = Status;
        return s.NextAttemptAt is null || now >= s.NextAttemptAt.Value;
    }

    public async Task<MailboxPollResult> PollAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var attemptAt = _time.GetUtcNow();
            try
            {
                var (messages, cursor, more, downloaded) = await FetchAsync(cancellationToken).ConfigureAwait(false);
                var status = RecordSuccess(attemptAt);
                return new MailboxPollResult(true, messages, cursor, status) { MoreAvailable = more, Downloaded = downloaded };
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                var status = RecordFailure(attemptAt, Describe(ex));
                _logger.LogWarning(ex, "Polling {Mailbox} failed ({Failures} in a row), next attempt at {Next}", MailboxKey, status.ConsecutiveFailures, status.NextAttemptAt);
                return new MailboxPollResult(false, [], null, status);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Marks every message of <paramref name="result"/> as processed.</summary>
    public ValueTask AcknowledgeAsync(MailboxPollResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Cursor is null ? ValueTask.CompletedTask : AcknowledgeAsync(result.Cursor, cancellationToken);
    }

    /// <summary>Marks the messages up to <paramref name="processed"/> (included) as processed.</summary>
    public ValueTask AcknowledgeAsync(IncomingMail processed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(processed);
        return AcknowledgeAsync(new MailboxCursor(processed.UidValidity, processed.Uid), cancellationToken);
    }

    /// <summary>Advances the watermark to <paramref name="cursor"/> (never moves it back within a UIDVALIDITY).</summary>
    public async ValueTask AcknowledgeAsync(MailboxCursor cursor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        var current = await _cursors.GetAsync(MailboxKey, cancellationToken).ConfigureAwait(false);
        if (current is not null && current.UidValidity == cursor.UidValidity && current.LastUid >= cursor.LastUid) return;
        await _cursors.SaveAsync(MailboxKey, cursor, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(IncomingMail[] Messages, MailboxCursor Cursor, bool More, int Downloaded)> FetchAsync(CancellationToken ct)
    {
        using var client = new ImapClient { Timeout = (int)_settings.Timeout.TotalMilliseconds };
        await client.ConnectAsync(_settings.Host, _settings.Port, SmtpMailSender.ToSocketOptions(_settings.Security), ct).ConfigureAwait(false);
        await client.AuthenticateAsync(_settings.UserName, _settings.Password ?? "", ct).ConfigureAwait(false);
        var folder = string.Equals(_settings.Folder, "INBOX", StringComparison.OrdinalIgnoreCase)
            ? client.Inbox
            : await client.GetFolderAsync(_settings.Folder, ct).ConfigureAwait(false);
        await folder.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);

        var stored = await _cursors.GetAsync(MailboxKey, ct).ConfigureAwait(false);
        var validity = folder.UidValidity;
        uint last = stored is not null && stored.UidValidity == validity ? stored.LastUid : 0;
        if (stored is not null && stored.UidValidity != validity)
            _logger.LogWarning("UIDVALIDITY of {Mailbox} changed ({Old} → {New}): the folder is read again from the start", MailboxKey, stored.UidValidity, validity);

        // "last+1:*" also returns the highest message when nothing is newer: filter on the UID.
        var range = new UniqueIdRange(new UniqueId(validity, last + 1), UniqueId.MaxValue);
        var uids = (await folder.SearchAsync(SearchQuery.Uids(range), ct).ConfigureAwait(false))
            .Where(u => u.Id > last)
            .OrderBy(u => u.Id)
            .ToList();
        var more = uids.Count > _settings.MaxMessagesPerPoll;
        if (more) uids = uids.Take(_settings.MaxMessagesPerPoll).ToList();

        // Size and envelope first (IMAP RFC822.SIZE, ENVELOPE, References): a mail above MaxMessageBytes is recorded from
        // its headers and never downloaded; the others are downloaded one at a time and their bodies capped (issue 16 item 4).
        var messages = new List<IncomingMail>(uids.Count);
        var downloaded = 0;
        if (uids.Count > 0)
        {
            var request = new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Size | MessageSummaryItems.Envelope | MessageSummaryItems.References);
            var summaries = await folder.FetchAsync(uids, request, ct).ConfigureAwait(false);
            var limits = new MailBodyLimits(_settings.MaxTextChars, _settings.MaxHtmlChars);
            foreach (var summary in summaries.OrderBy(m => m.UniqueId.Id))
            {
                var size = (long)(summary.Size ?? 0);
                if (size > _settings.MaxMessageBytes)
                {
                    _logger.LogWarning("Mail UID {Uid} of {Mailbox} is {Size} bytes (limit {Limit}): recorded from its envelope, not downloaded",
                        summary.UniqueId.Id, MailboxKey, size, _settings.MaxMessageBytes);
                    messages.Add(IncomingMailParser.FromEnvelope(summary.Envelope ?? new Envelope(), summary.References, size, summary.UniqueId.Id, validity));
                    continue;
                }

                var mime = await folder.GetMessageAsync(summary.UniqueId, ct).ConfigureAwait(false);
                downloaded++;
                messages.Add(IncomingMailParser.Parse(mime, summary.UniqueId.Id, validity, limits, size));
            }
        }
        await client.DisconnectAsync(true, ct).ConfigureAwait(false);

        var cursor = new MailboxCursor(validity, messages.Count == 0 ? last : messages[^1].Uid);
        return ([.. messages], cursor, more, downloaded);
    }

    private MailboxStatus RecordSuccess(DateTimeOffset at)
    {
        lock (_statusLock)
        {
            _status = _status with
            {
                State = MailboxState.Ok,
                LastAttemptAt = at,
                LastSuccessAt = at,
                ConsecutiveFailures = 0,
                NextAttemptAt = at + _settings.PollInterval,
            };
            return _status;
        }
    }

    private MailboxStatus RecordFailure(DateTimeOffset at, RefusalReason error)
    {
        lock (_statusLock)
        {
            var failures = _status.ConsecutiveFailures + 1;
            _status = _status with
            {
                State = MailboxState.Failing,
                LastAttemptAt = at,
                LastError = error,
                LastErrorAt = at,
                ConsecutiveFailures = failures,
                NextAttemptAt = at + RetryDelay(failures),
            };
            return _status;
        }
    }

    /// <summary>Delay before the next attempt after <paramref name="consecutiveFailures"/> failures.</summary>
    public TimeSpan RetryDelay(int consecutiveFailures)
    {
        var factor = Math.Pow(2, Math.Min(Math.Max(consecutiveFailures - 1, 0), 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(_settings.InitialRetryDelay.Ticks * factor, _settings.MaxRetryDelay.Ticks));
        return delay;
    }

    private RefusalReason Describe(Exception ex)
    {
        var server = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_settings.Host}:{_settings.Port}");
        return ex switch
        {
            AuthenticationException => new(Refusal.ImapLoginRefused, server),
            FolderNotFoundException => new(Refusal.ImapFolderMissing, _settings.Folder ?? "", _settings.UserName ?? ""),
            SocketException or IOException or TimeoutException or ImapProtocolException or SslHandshakeException
                => new(Refusal.ImapUnreachable, server, ex.Message),
            _ => new(Refusal.ImapPollFailed, _settings.UserName ?? "", ex.Message),
        };
    }
}
