using Collab.Contracts;
using Collab.Contracts.FollowUps;
using Collab.Domain.FollowUps;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collab.Infrastructure.Mail;

/// <summary>
/// The purchasing mailbox's I/O, outside grain turns (issue 13): runs in every silo; every <see cref="Interval"/> it asks
/// the mailbox grain for the poll lease (one poller at a time across silos, only when due by the backoff), reads the
/// IMAP folder above the watermark with <see cref="MailboxPoller"/>, hands the parsed mails to
/// <see cref="IMailboxGrain.IngestAsync"/> (threading and watermark in one write), then sends the automatic reminders
/// the mailbox left pending through the <see cref="SupplierMailService"/>. "Relever la boîte" calls
/// <see cref="PollNowAsync"/> (lease forced).
/// </summary>
public sealed class MailboxWorker(IGrainFactory grains, MailSettingsProtector protector, SupplierMailService supplierMail, TimeProvider clock, string site,
    ILogger<MailboxWorker>? logger = null, IMailBodyStore? bodies = null, MailLimits? limits = null) : BackgroundService
{
    private readonly IMailBodyStore bodyStore = bodies ?? new InMemoryMailBodyStore();
    private readonly MailLimits mailLimits = limits ?? new MailLimits();

    /// <summary>The store the received bodies are written to (pages read them from there).</summary>
    public IMailBodyStore Bodies => bodyStore;

    /// <summary>How often each silo's worker asks whether a poll is due.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary>At most this many fetch rounds (of <see cref="MailboxSettings.MaxMessagesPerPoll"/> mails) per poll.</summary>
    public const int MaxRounds = 10;

    private readonly string owner = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ILogger log = (ILogger?)logger ?? NullLogger.Instance;

    private IMailboxGrain Mailbox => grains.GetGrain<IMailboxGrain>(site);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, clock, stoppingToken).ConfigureAwait(false);
                await RunOnceAsync(force: false, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The silo may be starting or stopping; the next round tries again.
                log.LogWarning(e, "Mailbox round of {Site} failed", site);
            }
        }
    }

    /// <summary>"Relever la boîte": polls now whatever the backoff (still one poller at a time).</summary>
    public Task<MailboxPollSummary> PollNowAsync(CancellationToken cancellationToken = default) => RunOnceAsync(force: true, cancellationToken);

    /// <summary>One round: poll when due (or forced), then the pending automatic reminders.</summary>
    public async Task<MailboxPollSummary> RunOnceAsync(bool force, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var summary = await PollAsync(force, cancellationToken).ConfigureAwait(false);
            await supplierMail.SendPendingRemindersAsync(cancellationToken).ConfigureAwait(false);
            return summary;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<MailboxPollSummary> PollAsync(bool force, CancellationToken cancellationToken)
    {
        var configuration = await grains.GetGrain<IMailSettingsGrain>(site).GetAsync().ConfigureAwait(false);
        if (configuration.Imap is not { Enabled: true } imap)
        {
            return new MailboxPollSummary(false, 0, 0, 0, 0, await Mailbox.GetStatusAsync().ConfigureAwait(false));
        }

        var lease = await Mailbox.TryLeasePollAsync(owner, force).ConfigureAwait(false);
        if (!lease.Granted)
        {
            return new MailboxPollSummary(true, 0, 0, 0, 0, lease.Status);
        }

        try
        {
            MailboxSettings settings;
            try
            {
                settings = MailConfigurationMapping.ToSettings(imap, protector) with
                {
                    MaxMessageBytes = mailLimits.MaxMessageBytes,
                    MaxTextChars = mailLimits.MaxTextChars,
                    MaxHtmlChars = mailLimits.MaxHtmlChars,
                };
            }
            catch (MailSettingsException e)
            {
                return new MailboxPollSummary(false, 0, 0, 0, 0, await Mailbox.ReportPollFailureAsync(e.Reason).ConfigureAwait(false));
            }

            var cursors = new LeaseCursorStore(lease.Cursors);
            var poller = new MailboxPoller(settings, cursors, clock, logger is null ? null : new PollerLogger(logger));
            int fetched = 0, threaded = 0, triaged = 0, duplicates = 0;
            var status = lease.Status;
            for (var round = 0; round < MaxRounds; round++)
            {
                var result = await poller.PollAsync(cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    status = await Mailbox.ReportPollFailureAsync(result.Status.LastError ?? new RefusalReason(Refusal.ImapPollFailed, "", "?")).ConfigureAwait(false);
                    return new MailboxPollSummary(false, fetched, threaded, triaged, duplicates, status);
                }

                var cursor = result.Cursor is null ? null : new MailboxCursorView(result.Cursor.UidValidity, result.Cursor.LastUid);
                var ingested = await IngestAsync(result.Messages, poller.MailboxKey, cursor, cancellationToken).ConfigureAwait(false);
                await poller.AcknowledgeAsync(result, cancellationToken).ConfigureAwait(false);
                fetched += result.Messages.Length;
                threaded += ingested.Threaded;
                triaged += ingested.Triaged;
                duplicates += ingested.Duplicates;
                status = ingested.Status;
                if (!result.MoreAvailable)
                {
                    break;
                }
            }

            return new MailboxPollSummary(true, fetched, threaded, triaged, duplicates, status);
        }
        finally
        {
            await Mailbox.ReleasePollAsync(owner).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One round's mails into the mailbox: bodies to the mail store first (I/O here, not in the grain), then the grain
    /// threads them and moves the watermark in one write. Also the benchmark's entry (no IMAP needed).
    /// </summary>
    public async Task<MailboxPollSummary> IngestAsync(IReadOnlyList<IncomingMail> messages, string mailboxKey, MailboxCursorView? cursor,
        CancellationToken cancellationToken = default)
    {
        var prepared = messages.Select(m => (ToInbound(m, mailboxKey, mailLimits.MaxAttachmentNames),
            (IReadOnlyList<MailAttachmentInfo>)[.. m.Attachments.Take(mailLimits.MaxAttachmentNames).Select(a => new MailAttachmentInfo(a.FileName, a.ContentType, a.Size))])).ToList();
        var inbound = await MailIntake.StoreAsync(bodyStore, site, prepared, cancellationToken).ConfigureAwait(false);
        return await Mailbox.IngestAsync(inbound, mailboxKey, cursor).ConfigureAwait(false);
    }

    /// <summary>Longest Message-ID kept as is; a longer one (from outside) is replaced by a hash of it.</summary>
    public const int MaxMessageIdLength = 250;

    /// <summary>
    /// A parsed IMAP mail as the mailbox grain takes it (a mail without Message-ID gets one from its UIDVALIDITY and UID;
    /// an over-long one is hashed; header values are cut to bounded lengths).
    /// </summary>
    public static InboundMail ToInbound(IncomingMail mail, string mailboxKey, int maxAttachmentNames = 20) => new(
        BoundedId(mail.MessageId is { Length: > 0 } m ? MailThreading.StripAngles(m) : $"sans-id.{mail.UidValidity}.{mail.Uid}@{mailboxKey}"),
        mail.InReplyTo is null ? null : BoundedId(MailThreading.StripAngles(mail.InReplyTo)), [.. mail.References.TakeLast(50).Select(r => BoundedId(MailThreading.StripAngles(r)))],
        Cut(mail.From?.ToString() ?? "?", 500), mail.From?.Address is { } a ? Cut(a, 320) : null, Cut(string.Join(", ", mail.To.Take(20).Select(t => t.Address)), 2_000),
        Cut(mail.Subject, 1_000), mail.Date, mail.TextBody, mail.SanitizedHtmlBody, [.. mail.Attachments.Take(maxAttachmentNames).Select(a => Cut(a.FileName, 255))],
        BodyState: mail.BodyState, Size: mail.Size, Uid: mail.Uid, UidValidity: mail.UidValidity);

    private static string Cut(string value, int max) => value.Length > max ? value[..max] : value;

    private static string BoundedId(string id) => id.Length <= MaxMessageIdLength
        ? id
        : "long-id." + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)))[..40] + "@collab.invalid";

    /// <summary>The watermarks the lease carried, moved forward locally as rounds are acknowledged (the grain stores them at ingest).</summary>
    private sealed class LeaseCursorStore(Dictionary<string, MailboxCursorView> cursors) : IMailboxCursorStore
    {
        public ValueTask<MailboxCursor?> GetAsync(string mailboxKey, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(cursors.TryGetValue(mailboxKey, out var c) ? new MailboxCursor(c.UidValidity, c.LastUid) : null);

        public ValueTask SaveAsync(string mailboxKey, MailboxCursor cursor, CancellationToken cancellationToken = default)
        {
            cursors[mailboxKey] = new MailboxCursorView(cursor.UidValidity, cursor.LastUid);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PollerLogger(ILogger inner) : ILogger<MailboxPoller>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
