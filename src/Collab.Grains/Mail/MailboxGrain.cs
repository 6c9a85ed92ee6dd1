using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.FollowUps;
using Collab.Contracts.Orders;
using Collab.Domain.FollowUps;
using Collab.Grains.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Collab.Grains.Mail;

/// <summary>
/// The purchasing mailbox of a site: what was received, sent and is due. No network I/O happens here (issue 13):
/// the mailbox worker of each silo (<c>Collab.Infrastructure.Mail.MailboxWorker</c>) asks for the poll lease
/// (<see cref="IMailboxGrain.TryLeasePollAsync"/>: one poller at a time, when due by the backoff), reads IMAP and
/// hands the parsed mails to <see cref="IMailboxGrain.IngestAsync"/>, which threads them and moves the watermark in
/// one write. The Orleans reminder (persisted in both storage modes) runs the automatic reminders once a day;
/// those to send are left pending for the worker, which sends and records them through the supplier mail service.
/// Ingest is at-least-once and idempotent: a Message-ID is recorded and order grains ignore one they already hold.
/// </summary>
public sealed class MailboxGrain(
    [PersistentState("mailbox")] IPersistentState<MailboxGrainState> state,
    TimeProvider clock,
    IOptions<MailLimits> limitOptions) : Grain, IMailboxGrain, IRemindable
{
    public const string ReminderName = "mailbox-poll";
    public const string SystemUser = SystemLogins.Mail;

    /// <summary>How long a worker may hold the poll lease without releasing it.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(3);

    private readonly MailLimits limits = limitOptions.Value;

    private string? leaseOwner;
    private DateTimeOffset leaseUntil;

    private string Site => this.GetPrimaryKeyString();

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    async Task<bool> IMailboxGrain.EnsureScheduledAsync()
    {
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        return await this.GetReminder(ReminderName) is not null;
    }

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ReminderName ? TickCoreAsync() : Task.CompletedTask;

    Task IMailboxGrain.TickAsync() => TickCoreAsync();

    private async Task TickCoreAsync()
    {
        var configuration = await GrainFactory.GetGrain<IMailSettingsGrain>(Site).GetAsync();
        await RunAutomaticRemindersAsync(configuration);
    }

    Task<MailboxLease> IMailboxGrain.TryLeasePollAsync(string owner, bool force)
    {
        var now = clock.GetUtcNow();
        var held = leaseOwner is not null && leaseOwner != owner && leaseUntil > now;
        var due = force || state.State.NextAttemptAt is not { } next || now >= next;
        if (held || !due)
        {
            return Task.FromResult(new MailboxLease(false, [], Status()));
        }

        leaseOwner = owner;
        leaseUntil = now + LeaseDuration;
        return Task.FromResult(new MailboxLease(true, new Dictionary<string, MailboxCursorView>(state.State.Cursors, StringComparer.Ordinal), Status()));
    }

    Task IMailboxGrain.ReleasePollAsync(string owner)
    {
        if (leaseOwner == owner)
        {
            leaseOwner = null;
        }

        return Task.CompletedTask;
    }

    async Task<MailboxStatusView> IMailboxGrain.ReportPollFailureAsync(RefusalReason error)
    {
        var s = state.State;
        var now = clock.GetUtcNow();
        s.LastAttemptAt = now;
        s.LastError = error.ToString();
        s.LastErrorReason = error;
        s.ConsecutiveFailures++;
        s.Health = MailboxHealth.Failing;
        s.NextAttemptAt = now + MailboxBackoff.RetryDelay(s.ConsecutiveFailures);
        await SaveAsync();
        return Status();
    }

    async Task<MailboxPollSummary> IMailboxGrain.IngestAsync(IReadOnlyList<InboundMail> mails, string? mailboxKey, MailboxCursorView? cursor)
    {
        var (threaded, triaged, duplicates) = await IngestCoreAsync(mails, mailboxKey);
        var now = clock.GetUtcNow();
        if (mailboxKey is not null && cursor is not null)
        {
            var current = state.State.Cursors.GetValueOrDefault(mailboxKey);
            if (current is null || current.UidValidity != cursor.UidValidity || current.LastUid < cursor.LastUid)
            {
                state.State.Cursors[mailboxKey] = cursor;
            }

            // A poll round that reached here succeeded.
            var s = state.State;
            s.Health = MailboxHealth.Ok;
            s.LastAttemptAt = now;
            s.LastSuccessAt = now;
            s.LastError = null;
            s.LastErrorReason = null;
            s.ConsecutiveFailures = 0;
            s.NextAttemptAt = now + MailboxBackoff.PollInterval;
        }

        Prune(state.State, limits, now);

        // Mails, watermark, pruning and status: one write per round (the previous state is restored if it fails).
        await SaveAsync();
        return new MailboxPollSummary(true, mails.Count, threaded, triaged, duplicates, Status());
    }

    /// <summary>
    /// The one write of this grain, through the shared <see cref="PersistedState"/> helper: when the write fails the
    /// in-memory state is read back from storage (what it still holds) and the error goes to the caller, so a retry
    /// starts clean.
    /// </summary>
    private Task SaveAsync() => state.SaveAsync(this, static _ => { });

    /// <summary>
    /// The one matching path: de-duplicate, thread (headers, then subject number), else triage. Keeps ids and metadata
    /// only: the bodies are in the mail store (written by the worker before this call), a preview stays here.
    /// Does not write the state.
    /// </summary>
    private async Task<(int Threaded, int Triaged, int Duplicates)> IngestCoreAsync(IReadOnlyList<InboundMail> mails, string? mailboxKey)
    {
        int threaded = 0, triaged = 0, duplicates = 0;
        var now = clock.GetUtcNow();
        foreach (var mail in mails)
        {
            var id = MailThreading.StripAngles(mail.MessageId);
            if (id.Length == 0 || state.State.SeenIds.ContainsKey(id) || state.State.Triage.Exists(t => t.MessageId == id))
            {
                duplicates++;
                continue;
            }

            var match = await MailThreading.MatchAsync(mail.InReplyTo, mail.References, mail.Subject,
                sentId => ValueTask.FromResult(state.State.Sent.TryGetValue(sentId, out var sent) ? sent : null),
                async number => await OrderExists.CheckAsync(GrainFactory, number));
            var text = mail.TextBody ?? "";
            var proposed = ProposedDateExtractor.Extract(Cap(text, limits.MaxTextChars));
            var preview = Cap(text, limits.PreviewChars);
            var bodyState = mail.BodyState == MailBodyState.Complete && mail.BodyId is null && text.Length > preview.Length ? MailBodyState.Truncated : mail.BodyState;
            var attachments = mail.Attachments.Take(limits.MaxAttachmentNames).ToList();
            var date = mail.Date == default ? now : mail.Date;
            var message = new SupplierMessage(date, false, mail.From, mail.Subject, preview, id, SanitizedHtml: null, ProposedDate: proposed,
                To: mail.To, Attachments: attachments, MatchedBy: match.Method.ToString(), BodyId: mail.BodyId, BodyState: bodyState, Size: mail.Size);
            if (match.Target is { Kind: ObjectKind.PurchaseOrder } po)
            {
                await GrainFactory.GetGrain<IPurchaseOrderGrain>(po.Id).AddMessageAsync(message, SystemUser);
                threaded++;
            }
            else if (match.Target is { Kind: ObjectKind.CustomerOrder } co)
            {
                await GrainFactory.GetGrain<ICustomerOrderGrain>(co.Id).AddMessageAsync(message, SystemUser);
                threaded++;
            }
            else
            {
                // Triage ages from its arrival here, not from the sender's Date header (which anyone can set).
                state.State.Triage.Add(new TriageMail(id, now, message.From, message.Subject, preview, null, match.Reason, proposed, attachments,
                    match.UnknownNumbers.Count > 0 ? [.. match.UnknownNumbers] : null, mail.BodyId, bodyState, mail.Size));
                triaged++;
            }

            state.State.SeenIds[id] = new SeenMail(mail.Uid > 0 ? mailboxKey : null, mail.UidValidity, mail.Uid, now);
            state.State.ReceivedCount++;
        }

        return (threaded, triaged, duplicates);
    }

    /// <summary>
    /// Keeps the state bounded whatever arrives from outside (issue 16 item 4): triage by age and count (newest kept);
    /// seen Message-IDs of IMAP mails only within <see cref="MailLimits.SeenUidWindow"/> UIDs below their mailbox's
    /// watermark and of its current UIDVALIDITY (older UIDs are never fetched again), others by age and count.
    /// </summary>
    internal static void Prune(MailboxGrainState s, MailLimits limits, DateTimeOffset now)
    {
        var oldestTriage = now - limits.TriageMaxAge;
        s.Triage.RemoveAll(t => t.ReceivedAt < oldestTriage);
        if (s.Triage.Count > limits.TriageMaxCount)
        {
            // Oldest first (stable: arrival order among equal times), then the excess dropped from the front.
            s.Triage = [.. s.Triage.OrderBy(t => t.ReceivedAt)];
            s.Triage.RemoveRange(0, s.Triage.Count - limits.TriageMaxCount);
        }

        var oldestSeen = now - limits.SeenMaxAge;
        var drop = new List<string>();
        foreach (var (id, seen) in s.SeenIds)
        {
            if (seen.MailboxKey is { } key && s.Cursors.TryGetValue(key, out var cursor))
            {
                var floor = cursor.LastUid > limits.SeenUidWindow ? cursor.LastUid - limits.SeenUidWindow : 0;
                if (seen.UidValidity != cursor.UidValidity || seen.Uid <= floor)
                {
                    drop.Add(id);
                }
            }
            else if (seen.At < oldestSeen)
            {
                drop.Add(id);
            }
        }

        foreach (var id in drop)
        {
            s.SeenIds.Remove(id);
        }

        if (s.SeenIds.Count > limits.SeenMaxCount)
        {
            foreach (var id in s.SeenIds.OrderBy(p => p.Value.At).ThenBy(p => p.Value.Uid).Take(s.SeenIds.Count - limits.SeenMaxCount).Select(p => p.Key).ToList())
            {
                s.SeenIds.Remove(id);
            }
        }
    }

    private static string Cap(string value, int max) => value.Length > max ? value[..max] : value;

    private MailboxStatusView Status()
    {
        var s = state.State;
        return new MailboxStatusView(s.Health, s.LastAttemptAt, s.LastSuccessAt, s.LastError, s.ConsecutiveFailures, s.NextAttemptAt, s.Triage.Count, s.ReceivedCount, s.LastErrorReason);
    }

    async Task<MailboxStatusView> IMailboxGrain.GetStatusAsync()
    {
        var configuration = await GrainFactory.GetGrain<IMailSettingsGrain>(Site).GetAsync();
        var status = Status();
        return configuration.Imap is { Enabled: true } ? status : status with { Health = MailboxHealth.NotConfigured };
    }

    Task<IReadOnlyList<TriageMail>> IMailboxGrain.GetTriageAsync()
    {
        // Expired entries are not shown even before the next ingest round drops them from storage.
        var oldest = clock.GetUtcNow() - limits.TriageMaxAge;
        return Task.FromResult<IReadOnlyList<TriageMail>>([.. state.State.Triage.Where(t => t.ReceivedAt >= oldest).Reverse().OrderByDescending(t => t.ReceivedAt)]);
    }

    Task<MailboxFootprint> IMailboxGrain.GetFootprintAsync()
    {
        var s = state.State;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(s, FootprintJson).LongLength;
        return Task.FromResult(new MailboxFootprint(s.SeenIds.Count, s.Triage.Count, s.Sent.Count, s.Reminders.Count, bytes));
    }

    /// <summary>The state as storage writes it (System.Text.Json, enums as names): its size is what each write costs.</summary>
    private static readonly JsonSerializerOptions FootprintJson = new() { Converters = { new JsonStringEnumConverter() } };

    async Task IMailboxGrain.AssignTriageAsync(string messageId, ObjectRef target, string user)
    {
        var i = state.State.Triage.FindIndex(t => t.MessageId == messageId);
        if (i < 0)
        {
            throw new CommandRejectedException(Refusal.TriageMessageGone);
        }

        if (!await OrderExists.CheckAsync(GrainFactory, target))
        {
            throw new CommandRejectedException(Refusal.NotFound, target.Id);
        }

        var t = state.State.Triage[i];
        var message = new SupplierMessage(t.ReceivedAt, false, t.From, t.Subject, t.TextBody, t.MessageId, t.SanitizedHtml, t.ProposedDate,
            Attachments: t.Attachments, MatchedBy: "Triage:" + user, BodyId: t.BodyId, BodyState: t.BodyState, Size: t.Size);
        if (target.Kind == ObjectKind.PurchaseOrder)
        {
            await GrainFactory.GetGrain<IPurchaseOrderGrain>(target.Id).AddMessageAsync(message, user);
        }
        else
        {
            await GrainFactory.GetGrain<ICustomerOrderGrain>(target.Id).AddMessageAsync(message, user);
        }
        state.State.Triage.RemoveAt(i);
        await SaveAsync();
    }

    async Task IMailboxGrain.RecordSentAsync(string messageId, ObjectRef target)
    {
        state.State.Sent[MailThreading.StripAngles(messageId)] = target;
        await SaveAsync();
    }

    Task<ObjectRef?> IMailboxGrain.FindSentAsync(string messageId) =>
        Task.FromResult(state.State.Sent.TryGetValue(MailThreading.StripAngles(messageId), out var r) ? r : null);

    Task<IReadOnlyList<ReminderProposal>> IMailboxGrain.GetPendingSendsAsync() =>
        Task.FromResult<IReadOnlyList<ReminderProposal>>([.. state.State.Reminders.Where(r => r.Mode == AutoReminderMode.Send && r.SentMessageId is null && r.Error is null)]);

    async Task IMailboxGrain.RecordReminderOutcomeAsync(string purchaseOrder, DateOnly expectedDate, string? sentMessageId, RefusalReason? error)
    {
        var i = state.State.Reminders.FindIndex(r => r.PurchaseOrder == purchaseOrder && r.ExpectedDate == expectedDate && r.Mode == AutoReminderMode.Send && r.SentMessageId is null);
        if (i >= 0)
        {
            var reason = sentMessageId is null ? error ?? new RefusalReason(Refusal.MailSendFailed, "—", "?") : null;
            state.State.Reminders[i] = state.State.Reminders[i] with { SentMessageId = sentMessageId, Error = reason?.ToString(), Reason = reason };
            await SaveAsync();
        }
    }

    Task<MailboxCursorView?> IMailboxGrain.GetCursorAsync(string mailboxKey) =>
        Task.FromResult(state.State.Cursors.TryGetValue(mailboxKey, out var c) ? c : null);

    async Task IMailboxGrain.SaveCursorAsync(string mailboxKey, uint uidValidity, uint lastUid)
    {
        var current = state.State.Cursors.GetValueOrDefault(mailboxKey);
        if (current is not null && current.UidValidity == uidValidity && current.LastUid >= lastUid)
        {
            return;
        }
        state.State.Cursors[mailboxKey] = new MailboxCursorView(uidValidity, lastUid);
        await SaveAsync();
    }

    Task<IReadOnlyList<ReminderProposal>> IMailboxGrain.GetRemindersAsync() =>
        Task.FromResult<IReadOnlyList<ReminderProposal>>([.. state.State.Reminders.OrderByDescending(r => r.Day).ThenBy(r => r.PurchaseOrder, StringComparer.Ordinal)]);

    async Task IMailboxGrain.ResolveReminderAsync(string purchaseOrder, string? sentMessageId)
    {
        var i = state.State.Reminders.FindIndex(r => r.PurchaseOrder == purchaseOrder && r.Mode == AutoReminderMode.Propose && r.SentMessageId is null);
        if (i >= 0)
        {
            state.State.Reminders[i] = state.State.Reminders[i] with { SentMessageId = sentMessageId ?? "" };
            await SaveAsync();
        }
    }

    /// <summary>
    /// Once per day: every open purchase order not fully confirmed whose expected receipt is within
    /// <see cref="MailConfiguration.ReminderDaysBefore"/> days gets one reminder — sent at once for suppliers set to
    /// "Send", otherwise proposed to the buyer in the worklist.
    /// </summary>
    private async Task RunAutomaticRemindersAsync(MailConfiguration configuration)
    {
        var today = Today;
        if (state.State.LastReminderDay == today)
        {
            return;
        }
        var rows = await GrainFactory.GetGrain<IOrderRegistryGrain>(Site).QueryAsync(new OrderQuery(ObjectKind.PurchaseOrder, true));
        foreach (var row in rows.Where(r => !r.Closed).OrderBy(r => r.Number, StringComparer.Ordinal))
        {
            if (row.DueDate < today || row.DueDate.DayNumber - today.DayNumber > configuration.ReminderDaysBefore
                || state.State.Reminders.Any(r => r.PurchaseOrder == row.Number && r.ExpectedDate == row.DueDate))
            {
                continue;
            }

            var po = await GrainFactory.GetGrain<IPurchaseOrderGrain>(row.Number).GetAsync();
            if (po is null || !po.Lines.Any(l => l.OpenQty > 1e-9 && l.ConfirmedDate is null))
            {
                continue;
            }

            // "Send" mode: recorded as pending (no Message-ID, no error); the mailbox worker sends it outside this turn.
            state.State.Reminders.Add(new ReminderProposal(po.Number, po.Supplier, row.DueDate, today, configuration.ModeOf(po.Supplier), null, null));
        }

        state.State.LastReminderDay = today;
        state.State.Reminders.RemoveAll(r => r.Day.DayNumber < today.DayNumber - 60);
        Prune(state.State, limits, clock.GetUtcNow());
        await SaveAsync();
    }

}

/// <summary>Whether an order exists (subject numbers of unknown orders go to triage; triage assignment needs an existing order).</summary>
internal static class OrderExists
{
    public static async Task<bool> CheckAsync(IGrainFactory grains, ObjectRef target) => target.Kind switch
    {
        ObjectKind.PurchaseOrder => await grains.GetGrain<IPurchaseOrderGrain>(target.Id).GetAsync() is not null,
        ObjectKind.CustomerOrder => await grains.GetGrain<ICustomerOrderGrain>(target.Id).GetAsync() is not null,
        _ => false,
    };
}

[GenerateSerializer, Alias("Collab.MailboxGrainState")]
public sealed class MailboxGrainState
{
    [Id(0)] public Dictionary<string, MailboxCursorView> Cursors { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public Dictionary<string, ObjectRef> Sent { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Message-IDs received, for de-duplication; pruned by the IMAP watermark (see <c>Prune</c>). Replaces the unbounded set "Seen" of older states.</summary>
    [Id(13)] public Dictionary<string, SeenMail> SeenIds { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public List<TriageMail> Triage { get; set; } = [];
    [Id(4)] public List<ReminderProposal> Reminders { get; set; } = [];
    [Id(5)] public DateOnly? LastReminderDay { get; set; }
    [Id(6)] public int ReceivedCount { get; set; }
    [Id(7)] public MailboxHealth Health { get; set; } = MailboxHealth.NeverPolled;
    [Id(8)] public DateTimeOffset? LastAttemptAt { get; set; }
    [Id(9)] public DateTimeOffset? LastSuccessAt { get; set; }
    [Id(10)] public string? LastError { get; set; }
    [Id(11)] public int ConsecutiveFailures { get; set; }
    [Id(12)] public DateTimeOffset? NextAttemptAt { get; set; }
    /// <summary>The last failure, typed (the page words it); <see cref="LastError"/> keeps its neutral form (and the French text of older states).</summary>
    [Id(14)] public RefusalReason? LastErrorReason { get; set; }
}

/// <summary>Where a received Message-ID was seen: its IMAP mailbox and UID (null/0 when not from IMAP) and when.</summary>
[GenerateSerializer, Immutable, Alias("Collab.SeenMail")]
public sealed record SeenMail([property: Id(0)] string? MailboxKey, [property: Id(1)] uint UidValidity, [property: Id(2)] uint Uid, [property: Id(3)] DateTimeOffset At);
