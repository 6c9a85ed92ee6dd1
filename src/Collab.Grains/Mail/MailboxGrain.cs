using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.FollowUps;
using Collab.Contracts.Orders;
using Collab.Domain.FollowUps;
using Orleans.Runtime;
using MailMatchMethod = Collab.Domain.FollowUps.MailMatchMethod;

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
    TimeProvider clock) : Grain, IMailboxGrain, IRemindable
{
    public const string ReminderName = "mailbox-poll";
    public const string SystemUser = "messagerie";

    /// <summary>How long a worker may hold the poll lease without releasing it.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(3);

    /// <summary>Stored text bodies are capped (characters); the HTML alternative too.</summary>
    public const int MaxTextChars = 20_000;
    public const int MaxHtmlChars = 50_000;

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

    async Task<MailboxStatusView> IMailboxGrain.ReportPollFailureAsync(string error)
    {
        var s = state.State;
        var now = clock.GetUtcNow();
        s.LastAttemptAt = now;
        s.LastError = error;
        s.ConsecutiveFailures++;
        s.Health = MailboxHealth.Failing;
        s.NextAttemptAt = now + MailboxBackoff.RetryDelay(s.ConsecutiveFailures);
        await state.WriteStateAsync();
        return Status();
    }

    async Task<MailboxPollSummary> IMailboxGrain.IngestAsync(IReadOnlyList<InboundMail> mails, string? mailboxKey, MailboxCursorView? cursor)
    {
        var (threaded, triaged, duplicates) = await IngestCoreAsync(mails);
        if (mailboxKey is not null && cursor is not null)
        {
            var current = state.State.Cursors.GetValueOrDefault(mailboxKey);
            if (current is null || current.UidValidity != cursor.UidValidity || current.LastUid < cursor.LastUid)
            {
                state.State.Cursors[mailboxKey] = cursor;
            }

            // A poll round that reached here succeeded.
            var s = state.State;
            var now = clock.GetUtcNow();
            s.Health = MailboxHealth.Ok;
            s.LastAttemptAt = now;
            s.LastSuccessAt = now;
            s.LastError = null;
            s.ConsecutiveFailures = 0;
            s.NextAttemptAt = now + MailboxBackoff.PollInterval;
        }

        // Mails, watermark and status: one write per round.
        await state.WriteStateAsync();
        return new MailboxPollSummary(true, mails.Count, threaded, triaged, duplicates, Status());
    }

    /// <summary>The one matching path: de-duplicate, thread (headers, then subject number), else triage. Does not write the state.</summary>
    private async Task<(int Threaded, int Triaged, int Duplicates)> IngestCoreAsync(IReadOnlyList<InboundMail> mails)
    {
        int threaded = 0, triaged = 0, duplicates = 0;
        foreach (var mail in mails)
        {
            var id = MailThreading.StripAngles(mail.MessageId);
            if (id.Length == 0 || state.State.Seen.Contains(id))
            {
                duplicates++;
                continue;
            }

            var (target, method, reason) = await MatchAsync(mail);
            var text = Cap(mail.TextBody, MaxTextChars);
            var html = mail.SanitizedHtml is null ? null : Cap(mail.SanitizedHtml, MaxHtmlChars);
            var date = mail.Date == default ? clock.GetUtcNow() : mail.Date;
            var message = new SupplierMessage(date, false, mail.From, mail.Subject, text, id, SanitizedHtml: html, ProposedDate: ProposedDateExtractor.Extract(text),
                To: mail.To, Attachments: [.. mail.Attachments], MatchedBy: method.ToString());
            if (target is { Kind: ObjectKind.PurchaseOrder } po)
            {
                await GrainFactory.GetGrain<IPurchaseOrderGrain>(po.Id).AddMessageAsync(message, SystemUser);
                threaded++;
            }
            else if (target is { Kind: ObjectKind.CustomerOrder } co)
            {
                await GrainFactory.GetGrain<ICustomerOrderGrain>(co.Id).AddMessageAsync(message, SystemUser);
                threaded++;
            }
            else
            {
                state.State.Triage.Add(new TriageMail(id, date, message.From, message.Subject, message.Body, message.SanitizedHtml, reason, message.ProposedDate,
                    message.Attachments ?? []));
                triaged++;
            }

            state.State.Seen.Add(id);
            state.State.ReceivedCount++;
        }

        return (threaded, triaged, duplicates);
    }

    private async Task<(ObjectRef? Target, MailMatchMethod Method, string Reason)> MatchAsync(InboundMail mail)
    {
        foreach (var id in MailThreading.ThreadIds(mail.InReplyTo, mail.References))
        {
            if (state.State.Sent.TryGetValue(id, out var sent))
            {
                return (sent, MailMatchMethod.Thread, $"Fil du message {id}.");
            }
        }

        var unknown = new List<string>();
        foreach (var number in MailThreading.SubjectNumbers(mail.Subject))
        {
            if (await OrderExists.CheckAsync(GrainFactory, number))
            {
                return (number, MailMatchMethod.SubjectNumber, $"Numéro {number.Id} trouvé dans l'objet.");
            }

            unknown.Add(number.Id);
        }

        return (null, MailMatchMethod.Triage, unknown.Count > 0
            ? $"Numéro(s) {string.Join(", ", unknown)} inconnu(s) : à trier."
            : "Aucun fil ni numéro de commande reconnu : à trier.");
    }

    private static string Cap(string value, int max) => value.Length > max ? value[..max] : value;

    private MailboxStatusView Status()
    {
        var s = state.State;
        return new MailboxStatusView(s.Health, s.LastAttemptAt, s.LastSuccessAt, s.LastError, s.ConsecutiveFailures, s.NextAttemptAt, s.Triage.Count, s.ReceivedCount);
    }

    async Task<MailboxStatusView> IMailboxGrain.GetStatusAsync()
    {
        var configuration = await GrainFactory.GetGrain<IMailSettingsGrain>(Site).GetAsync();
        var status = Status();
        return configuration.Imap is { Enabled: true } ? status : status with { Health = MailboxHealth.NotConfigured };
    }

    Task<IReadOnlyList<TriageMail>> IMailboxGrain.GetTriageAsync() =>
        Task.FromResult<IReadOnlyList<TriageMail>>([.. state.State.Triage.OrderByDescending(t => t.ReceivedAt)]);

    async Task IMailboxGrain.AssignTriageAsync(string messageId, ObjectRef target, string user)
    {
        var i = state.State.Triage.FindIndex(t => t.MessageId == messageId);
        if (i < 0)
        {
            throw new CommandRejectedException("Ce message n'est plus dans la liste à trier.");
        }

        if (!await OrderExists.CheckAsync(GrainFactory, target))
        {
            throw new CommandRejectedException($"La commande {target.Id} n'existe pas.");
        }

        var t = state.State.Triage[i];
        var message = new SupplierMessage(t.ReceivedAt, false, t.From, t.Subject, t.TextBody, t.MessageId, t.SanitizedHtml, t.ProposedDate,
            Attachments: t.Attachments, MatchedBy: "Triage:" + user);
        if (target.Kind == ObjectKind.PurchaseOrder)
        {
            await GrainFactory.GetGrain<IPurchaseOrderGrain>(target.Id).AddMessageAsync(message, user);
        }
        else
        {
            await GrainFactory.GetGrain<ICustomerOrderGrain>(target.Id).AddMessageAsync(message, user);
        }

        state.State.Triage.RemoveAt(i);
        await state.WriteStateAsync();
    }

    async Task IMailboxGrain.RecordSentAsync(string messageId, ObjectRef target)
    {
        state.State.Sent[MailThreading.StripAngles(messageId)] = target;
        await state.WriteStateAsync();
    }

    Task<ObjectRef?> IMailboxGrain.FindSentAsync(string messageId) =>
        Task.FromResult(state.State.Sent.TryGetValue(MailThreading.StripAngles(messageId), out var r) ? r : null);

    Task<IReadOnlyList<ReminderProposal>> IMailboxGrain.GetPendingSendsAsync() =>
        Task.FromResult<IReadOnlyList<ReminderProposal>>([.. state.State.Reminders.Where(r => r.Mode == AutoReminderMode.Send && r.SentMessageId is null && r.Error is null)]);

    async Task IMailboxGrain.RecordReminderOutcomeAsync(string purchaseOrder, DateOnly expectedDate, string? sentMessageId, string? error)
    {
        var i = state.State.Reminders.FindIndex(r => r.PurchaseOrder == purchaseOrder && r.ExpectedDate == expectedDate && r.Mode == AutoReminderMode.Send && r.SentMessageId is null);
        if (i >= 0)
        {
            state.State.Reminders[i] = state.State.Reminders[i] with { SentMessageId = sentMessageId, Error = sentMessageId is null ? error ?? "?" : null };
            await state.WriteStateAsync();
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
        await state.WriteStateAsync();
    }

    Task<IReadOnlyList<ReminderProposal>> IMailboxGrain.GetRemindersAsync() =>
        Task.FromResult<IReadOnlyList<ReminderProposal>>([.. state.State.Reminders.OrderByDescending(r => r.Day).ThenBy(r => r.PurchaseOrder, StringComparer.Ordinal)]);

    async Task IMailboxGrain.ResolveReminderAsync(string purchaseOrder, string? sentMessageId)
    {
        var i = state.State.Reminders.FindIndex(r => r.PurchaseOrder == purchaseOrder && r.Mode == AutoReminderMode.Propose && r.SentMessageId is null);
        if (i >= 0)
        {
            state.State.Reminders[i] = state.State.Reminders[i] with { SentMessageId = sentMessageId ?? "" };
            await state.WriteStateAsync();
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
        await state.WriteStateAsync();
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
    [Id(2)] public HashSet<string> Seen { get; set; } = new(StringComparer.Ordinal);
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
}
