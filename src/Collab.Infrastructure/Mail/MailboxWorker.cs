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
    ILogger<MailboxWorker>? logger = null) : BackgroundService
{
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
                settings = MailConfigurationMapping.ToSettings(imap, protector);
            }
            catch (MailSettingsException e)
            {
                return new MailboxPollSummary(false, 0, 0, 0, 0, await Mailbox.ReportPollFailureAsync(e.Message).ConfigureAwait(false));
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
                    status = await Mailbox.ReportPollFailureAsync(result.Status.LastError ?? "?").ConfigureAwait(false);
                    return new MailboxPollSummary(false, fetched, threaded, triaged, duplicates, status);
                }

                var cursor = result.Cursor is null ? null : new MailboxCursorView(result.Cursor.UidValidity, result.Cursor.LastUid);
                var ingested = await Mailbox.IngestAsync([.. result.Messages.Select(m => ToInbound(m, poller.MailboxKey))], poller.MailboxKey, cursor)
                    .ConfigureAwait(false);
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

    /// <summary>A parsed IMAP mail as the mailbox grain takes it (a mail without Message-ID gets one from its UIDVALIDITY and UID).</summary>
    public static InboundMail ToInbound(IncomingMail mail, string mailboxKey) => new(
        mail.MessageId is { Length: > 0 } m ? MailThreading.StripAngles(m) : $"sans-id.{mail.UidValidity}.{mail.Uid}@{mailboxKey}",
        mail.InReplyTo, mail.References, mail.From?.ToString() ?? "?", mail.From?.Address, string.Join(", ", mail.To.Select(t => t.Address)), mail.Subject, mail.Date,
        mail.TextBody, mail.SanitizedHtmlBody, [.. mail.Attachments.Select(a => a.FileName)]);

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
