using Collab.Contracts.Common;

namespace Collab.Contracts.FollowUps;

/// <summary>Security of a mail server connection (same values as the infrastructure's MailSecurity).</summary>
public enum MailServerSecurity
{
    None = 0,
    StartTls = 1,
    SslOnConnect = 2,
}

/// <summary>What an automatic reminder does for a supplier: propose it to the buyer (default) or send it.</summary>
public enum AutoReminderMode
{
    Propose = 0,
    Send = 1,
}

/// <summary>SMTP settings as stored (password protected with the Data Protection key ring, never in clear).</summary>
[GenerateSerializer, Immutable, Alias("Collab.SmtpConfiguration")]
public sealed record SmtpConfiguration(
    [property: Id(0)] string Host,
    [property: Id(1)] int Port,
    [property: Id(2)] MailServerSecurity Security,
    [property: Id(3)] string? UserName,
    [property: Id(4)] string? ProtectedPassword,
    [property: Id(5)] string FromAddress,
    [property: Id(6)] string? FromName,
    [property: Id(7)] string? DefaultReplyTo);

/// <summary>IMAP settings of the purchasing mailbox as stored (password protected).</summary>
[GenerateSerializer, Immutable, Alias("Collab.ImapConfiguration")]
public sealed record ImapConfiguration(
    [property: Id(0)] string Host,
    [property: Id(1)] int Port,
    [property: Id(2)] MailServerSecurity Security,
    [property: Id(3)] string UserName,
    [property: Id(4)] string? ProtectedPassword,
    [property: Id(5)] string Folder,
    [property: Id(6)] bool Enabled);

/// <summary>Everything the "Messagerie" administration page stores for a site.</summary>
[GenerateSerializer, Immutable, Alias("Collab.MailConfiguration")]
public sealed record MailConfiguration(
    [property: Id(0)] SmtpConfiguration? Smtp,
    [property: Id(1)] ImapConfiguration? Imap,
    [property: Id(2)] int ReminderDaysBefore,
    [property: Id(3)] IReadOnlyList<string> AutoSendSuppliers,
    [property: Id(4)] long Version,
    [property: Id(5)] string? ModifiedBy,
    [property: Id(6)] DateTimeOffset? ModifiedAt)
{
    public const int DefaultReminderDays = 5;

    public static MailConfiguration Empty => new(null, null, DefaultReminderDays, [], 0, null, null);

    public AutoReminderMode ModeOf(string supplier) =>
        AutoSendSuppliers.Contains(supplier, StringComparer.OrdinalIgnoreCase) ? AutoReminderMode.Send : AutoReminderMode.Propose;
}

/// <summary>Mail settings of a site (key: site code). Version-checked like every object.</summary>
[Alias("Collab.IMailSettingsGrain")]
public interface IMailSettingsGrain : IGrainWithStringKey
{
    /// <summary>Read-only, interleaved: the mailbox grain reads it while a save schedules the mailbox.</summary>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<MailConfiguration> GetAsync();

    [Alias("Save")]
    Task<MailConfiguration> SaveAsync(MailConfiguration configuration, long expectedVersion, string user);
}

public enum MailboxHealth
{
    NotConfigured = 0,
    NeverPolled = 1,
    Ok = 2,
    Failing = 3,
}

/// <summary>Status of the purchasing mailbox, shown on the follow-up pages.</summary>
[GenerateSerializer, Immutable, Alias("Collab.MailboxStatusView")]
public sealed record MailboxStatusView(
    [property: Id(0)] MailboxHealth Health,
    [property: Id(1)] DateTimeOffset? LastAttemptAt,
    [property: Id(2)] DateTimeOffset? LastSuccessAt,
    [property: Id(3)] string? LastError,
    [property: Id(4)] int ConsecutiveFailures,
    [property: Id(5)] DateTimeOffset? NextAttemptAt,
    [property: Id(6)] int TriageCount,
    [property: Id(7)] int ReceivedCount,
    [property: Id(8)] RefusalReason? LastErrorReason = null);

/// <summary>Outcome of one poll of the mailbox.</summary>
[GenerateSerializer, Immutable, Alias("Collab.MailboxPollSummary")]
public sealed record MailboxPollSummary(
    [property: Id(0)] bool Succeeded,
    [property: Id(1)] int Fetched,
    [property: Id(2)] int Threaded,
    [property: Id(3)] int Triaged,
    [property: Id(4)] int Duplicates,
    [property: Id(5)] MailboxStatusView Status);

/// <summary>Why a received mail went to the triage list (worded by the UI through MailResource, never by the grain).</summary>
public enum TriageReason
{
    /// <summary>No thread header named a mail we sent and no order number was found in the subject.</summary>
    NoThreadNorNumber = 0,
    /// <summary>Order numbers were found in the subject but none exists (<see cref="TriageMail.ReasonNumbers"/>).</summary>
    UnknownNumbers = 1,
}

/// <summary>How much of a received mail's body was kept in the mail store.</summary>
public enum MailBodyState
{
    /// <summary>The whole text and sanitised HTML are in the store.</summary>
    Complete = 0,
    /// <summary>The text or the HTML was longer than the limits: the store holds the beginning ("tronqué").</summary>
    Truncated = 1,
    /// <summary>The mail was larger than the size limit: its headers were read (IMAP RFC822.SIZE and envelope), its body never downloaded.</summary>
    NotDownloaded = 2,
}

/// <summary>
/// A received mail no order could be found for ("à trier"). Kept until filed on an order or expired
/// (<see cref="MailLimits.TriageMaxAge"/>, <see cref="MailLimits.TriageMaxCount"/>). The body lives in the mail store
/// (<see cref="BodyId"/>); <see cref="TextBody"/> is a short preview (older entries may hold a whole body and HTML).
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.TriageMail")]
public sealed record TriageMail(
    [property: Id(0)] string MessageId,
    [property: Id(1)] DateTimeOffset ReceivedAt,
    [property: Id(2)] string From,
    [property: Id(3)] string Subject,
    [property: Id(4)] string TextBody,
    [property: Id(5)] string? SanitizedHtml,
    [property: Id(9)] TriageReason ReasonKind,
    [property: Id(7)] DateOnly? ProposedDate,
    [property: Id(8)] IReadOnlyList<string> Attachments,
    [property: Id(10)] IReadOnlyList<string>? ReasonNumbers = null,
    [property: Id(11)] string? BodyId = null,
    [property: Id(12)] MailBodyState BodyState = MailBodyState.Complete,
    [property: Id(13)] long Size = 0);

/// <summary>
/// A received mail handed to the mailbox grain by the IMAP worker (or by the demo outbox's "reply as the supplier"):
/// headers, the capped text and sanitised HTML bodies and the attachment names. Message-IDs without angle brackets.
/// The worker has already written the bodies to the mail store under <see cref="BodyId"/>: the grain reads the text
/// (proposed date) but keeps only a preview; <see cref="Uid"/>/<see cref="UidValidity"/> place the mail under the IMAP
/// watermark (0 when not from IMAP).
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.InboundMail")]
public sealed record InboundMail(
    [property: Id(0)] string MessageId,
    [property: Id(1)] string? InReplyTo,
    [property: Id(2)] IReadOnlyList<string> References,
    [property: Id(3)] string From,
    [property: Id(4)] string? FromAddress,
    [property: Id(5)] string To,
    [property: Id(6)] string Subject,
    [property: Id(7)] DateTimeOffset Date,
    [property: Id(8)] string TextBody,
    [property: Id(9)] string? SanitizedHtml,
    [property: Id(10)] IReadOnlyList<string> Attachments,
    [property: Id(11)] string? BodyId = null,
    [property: Id(12)] MailBodyState BodyState = MailBodyState.Complete,
    [property: Id(13)] long Size = 0,
    [property: Id(14)] uint Uid = 0,
    [property: Id(15)] uint UidValidity = 0);

/// <summary>What the mailbox grain keeps, for the bounds of issue 16 item 4 (tests and the mailbox-flood benchmark).</summary>
[GenerateSerializer, Immutable, Alias("Collab.MailboxFootprint")]
public sealed record MailboxFootprint(
    [property: Id(0)] int SeenIds,
    [property: Id(1)] int TriageMails,
    [property: Id(2)] int SentIds,
    [property: Id(3)] int Reminders,
    [property: Id(4)] long StateBytes);

/// <summary>
/// Bounds of the purchasing mailbox against mail from outside (issue 16 item 4), bound from <c>Collab:Mail:Limits</c>.
/// </summary>
public sealed class MailLimits
{
    public const string SectionName = "Collab:Mail:Limits";

    /// <summary>A mail larger than this (IMAP RFC822.SIZE) is recorded from its envelope and never downloaded (default 10 MB).</summary>
    public long MaxMessageBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Stored text body, in characters (the rest is cut, the mail flagged "tronqué").</summary>
    public int MaxTextChars { get; set; } = 20_000;

    /// <summary>Stored sanitised HTML body, in characters.</summary>
    public int MaxHtmlChars { get; set; } = 50_000;

    /// <summary>Characters of the text kept in grain state as a preview (the body itself is in the mail store).</summary>
    public int PreviewChars { get; set; } = 280;

    /// <summary>Attachment names kept per mail (their content is never kept).</summary>
    public int MaxAttachmentNames { get; set; } = 20;

    /// <summary>Triage mails older than this are dropped (the store keeps the body until its own purge).</summary>
    public TimeSpan TriageMaxAge { get; set; } = TimeSpan.FromDays(90);

    /// <summary>At most this many triage mails (the newest are kept).</summary>
    public int TriageMaxCount { get; set; } = 500;

    /// <summary>
    /// Seen Message-IDs of IMAP mails are kept only for UIDs within this distance below the watermark (older UIDs are
    /// never fetched again under the same UIDVALIDITY); ids of another UIDVALIDITY are dropped.
    /// </summary>
    public uint SeenUidWindow { get; set; } = 1_000;

    /// <summary>Seen Message-IDs of mails not from IMAP (demo outbox) are kept this long and at most <see cref="SeenMaxCount"/>.</summary>
    public TimeSpan SeenMaxAge { get; set; } = TimeSpan.FromDays(30);

    public int SeenMaxCount { get; set; } = 5_000;
}

[GenerateSerializer, Immutable, Alias("Collab.MailboxCursorView")]
public sealed record MailboxCursorView([property: Id(0)] uint UidValidity, [property: Id(1)] uint LastUid);

/// <summary>The answer to a worker asking to poll: granted or not, the IMAP watermarks per mailbox, the status.</summary>
[GenerateSerializer, Immutable, Alias("Collab.MailboxLease")]
public sealed record MailboxLease(
    [property: Id(0)] bool Granted,
    [property: Id(1)] Dictionary<string, MailboxCursorView> Cursors,
    [property: Id(2)] MailboxStatusView Status);

/// <summary>An automatic reminder due for a purchase order (sent, or proposed to the buyer).</summary>
[GenerateSerializer, Immutable, Alias("Collab.ReminderProposal")]
public sealed record ReminderProposal(
    [property: Id(0)] string PurchaseOrder,
    [property: Id(1)] string Supplier,
    [property: Id(2)] DateOnly ExpectedDate,
    [property: Id(3)] DateOnly Day,
    [property: Id(4)] AutoReminderMode Mode,
    [property: Id(5)] string? SentMessageId,
    [property: Id(6)] string? Error,
    [property: Id(7)] RefusalReason? Reason = null);

/// <summary>
/// The purchasing mailbox of a site (key: site code): polls IMAP (Orleans reminder, survives restarts), threads
/// replies onto orders (In-Reply-To/References, else order number in the subject), keeps unmatched mails in a
/// triage list, de-duplicates by Message-ID, holds the IMAP watermark and the Message-IDs we sent, and runs the
/// automatic reminders N days before expected receipt.
/// </summary>
[Alias("Collab.IMailboxGrain")]
public interface IMailboxGrain : IGrainWithStringKey
{
    /// <summary>Registers the polling reminder (idempotent).</summary>
    [Alias("EnsureScheduled")]
    Task<bool> EnsureScheduledAsync();

    /// <summary>What the reminder does: runs the automatic reminders once per day ("send" ones are left pending for the worker).</summary>
    [Alias("Tick")]
    Task TickAsync();

    /// <summary>
    /// The poll lease: granted to one worker at a time (until released or <c>MailboxGrain.LeaseDuration</c> passed), and only
    /// when a poll is due by the backoff unless <paramref name="force"/> ("Relever la boîte"). Carries the IMAP watermarks.
    /// </summary>
    [Alias("TryLeasePoll")]
    Task<MailboxLease> TryLeasePollAsync(string owner, bool force);

    [Alias("ReleasePoll")]
    Task ReleasePollAsync(string owner);

    /// <summary>A poll failed (server down, login refused…): status "En échec", next attempt by the backoff.</summary>
    [Alias("ReportPollFailure")]
    Task<MailboxStatusView> ReportPollFailureAsync(RefusalReason error);

    /// <summary>Automatic reminders to send (suppliers on automatic send) not yet sent nor failed.</summary>
    [Alias("GetPendingSends")]
    Task<IReadOnlyList<ReminderProposal>> GetPendingSendsAsync();

    /// <summary>The worker sent (Message-ID) or could not send (error) a pending automatic reminder.</summary>
    [Alias("RecordReminderOutcome")]
    Task RecordReminderOutcomeAsync(string purchaseOrder, DateOnly expectedDate, string? sentMessageId, RefusalReason? error);

    [Alias("GetStatus")]
    Task<MailboxStatusView> GetStatusAsync();

    /// <summary>
    /// Files received mails: de-duplicated by Message-ID, threaded onto their order (thread headers, else a known order
    /// number in the subject) or kept for triage. The one matching path of IMAP polling and of the demo outbox.
    /// When <paramref name="mailboxKey"/> and <paramref name="cursor"/> are given, the IMAP watermark moves in the same write.
    /// </summary>
    [Alias("Ingest")]
    Task<MailboxPollSummary> IngestAsync(IReadOnlyList<InboundMail> mails, string? mailboxKey, MailboxCursorView? cursor);

    [Alias("GetTriage")]
    Task<IReadOnlyList<TriageMail>> GetTriageAsync();

    /// <summary>Counts and serialised size of what the grain keeps (bounds of issue 16 item 4).</summary>
    [Alias("GetFootprint")]
    Task<MailboxFootprint> GetFootprintAsync();

    /// <summary>Files a triage mail on an order's thread (the order must exist).</summary>
    [Alias("AssignTriage")]
    Task AssignTriageAsync(string messageId, ObjectRef target, string user);

    /// <summary>Records a Message-ID we sent, so replies find their order.</summary>
    [Alias("RecordSent")]
    Task RecordSentAsync(string messageId, ObjectRef target);

    [Alias("FindSent")]
    Task<ObjectRef?> FindSentAsync(string messageId);

    [Alias("GetCursor")]
    Task<MailboxCursorView?> GetCursorAsync(string mailboxKey);

    [Alias("SaveCursor")]
    Task SaveCursorAsync(string mailboxKey, uint uidValidity, uint lastUid);

    /// <summary>Automatic reminders of the last days (sent or waiting for the buyer).</summary>
    [Alias("GetReminders")]
    Task<IReadOnlyList<ReminderProposal>> GetRemindersAsync();

    /// <summary>Marks a proposed reminder handled (sent by the buyer or dismissed).</summary>
    [Alias("ResolveReminder")]
    Task ResolveReminderAsync(string purchaseOrder, string? sentMessageId);
}
