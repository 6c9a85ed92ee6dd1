using System.Collections.Concurrent;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.FollowUps;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Infrastructure.Mail;
using Collab.Infrastructure.Pdf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Collab.Domain.FollowUps;
using MailMatchMethod = Collab.Domain.FollowUps.MailMatchMethod;
using Orleans.Runtime;

namespace Collab.Grains.Mail;

/// <summary>
/// The purchasing mailbox of a site. An Orleans reminder (persisted in the reminder table of either storage mode)
/// calls <see cref="IMailboxGrain.TickAsync"/> every minute: poll when due (the poller's backoff decides), then
/// the automatic reminders once per day. Processing is at-least-once and idempotent: a mail's Message-ID is
/// recorded and the order grains ignore a Message-ID they already hold; the IMAP watermark is acknowledged only
/// after the mails are stored.
/// </summary>
public sealed class MailboxGrain(
    [PersistentState("mailbox")] IPersistentState<MailboxGrainState> state,
    TimeProvider clock,
    IServiceProvider services,
    ILogger<MailboxGrain> logger) : Grain, IMailboxGrain, IRemindable
{
    public const string ReminderName = "mailbox-poll";
    public const string SystemUser = "messagerie";

    private readonly ConcurrentDictionary<string, MailboxCursor> cursors = new(StringComparer.Ordinal);
    private MailboxPoller? poller;
    private MailboxSettings? pollerSettings;

    private string Site => this.GetPrimaryKeyString();

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var (key, c) in state.State.Cursors)
        {
            cursors[key] = new MailboxCursor(c.UidValidity, c.LastUid);
        }

        return Task.CompletedTask;
    }

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
        if (configuration.Imap is { Enabled: true })
        {
            await PollCoreAsync(configuration, force: false);
        }

        await RunAutomaticRemindersAsync(configuration);
    }

    async Task<MailboxPollSummary> IMailboxGrain.PollNowAsync()
    {
        var configuration = await GrainFactory.GetGrain<IMailSettingsGrain>(Site).GetAsync();
        return await PollCoreAsync(configuration, force: true);
    }

    private async Task<MailboxPollSummary> PollCoreAsync(MailConfiguration configuration, bool force)
    {
        if (configuration.Imap is not { Enabled: true } imap)
        {
            return new MailboxPollSummary(false, 0, 0, 0, 0, Status());
        }

        MailboxSettings settings;
        try
        {
            settings = MailConfigurationMapping.ToSettings(imap, services.GetRequiredService<MailSettingsProtector>());
        }
        catch (MailSettingsException e)
        {
            await RecordFailureAsync(e.Message);
            return new MailboxPollSummary(false, 0, 0, 0, 0, Status());
        }

        if (poller is null || pollerSettings != settings)
        {
            poller = new MailboxPoller(settings, new LocalCursorStore(cursors), clock, services.GetService<ILogger<MailboxPoller>>());
            pollerSettings = settings;
        }

        if (!force && !poller.IsDue(clock.GetUtcNow()))
        {
            return new MailboxPollSummary(true, 0, 0, 0, 0, Status());
        }

        int fetched = 0, threaded = 0, triaged = 0, duplicates = 0;
        var succeeded = true;
        for (var round = 0; round < 10; round++)
        {
            var result = await poller.PollAsync();
            CopyStatus(poller.Status);
            if (!result.Succeeded)
            {
                succeeded = false;
                await state.WriteStateAsync();
                break;
            }

            fetched += result.Messages.Length;
            var (t, tr, d) = await IngestCoreAsync([.. result.Messages.Select(m => ToInbound(m, poller.MailboxKey))]);
            threaded += t;
            triaged += tr;
            duplicates += d;

            // Stored first, then the watermark moves (a crash in between means the mails come again and are skipped as seen).
            await state.WriteStateAsync();
            await poller.AcknowledgeAsync(result);
            SnapshotCursors();
            await state.WriteStateAsync();
            if (!result.MoreAvailable)
            {
                break;
            }
        }

        return new MailboxPollSummary(succeeded, fetched, threaded, triaged, duplicates, Status());
    }

    /// <summary>Stored text bodies are capped (characters); the HTML alternative too.</summary>
    public const int MaxTextChars = 20_000;
    public const int MaxHtmlChars = 50_000;

    private static InboundMail ToInbound(IncomingMail mail, string mailboxKey) => new(
        mail.MessageId is { Length: > 0 } m ? MailThreading.StripAngles(m) : $"sans-id.{mail.UidValidity}.{mail.Uid}@{mailboxKey}",
        mail.InReplyTo, mail.References, mail.From?.ToString() ?? "?", mail.From?.Address, string.Join(", ", mail.To.Select(t => t.Address)), mail.Subject, mail.Date,
        mail.TextBody, mail.SanitizedHtmlBody, [.. mail.Attachments.Select(a => a.FileName)]);

    async Task<MailboxPollSummary> IMailboxGrain.IngestAsync(IReadOnlyList<InboundMail> mails, string? mailboxKey, MailboxCursorView? cursor)
    {
        var (threaded, triaged, duplicates) = await IngestCoreAsync(mails);
        if (mailboxKey is not null && cursor is not null)
        {
            var current = state.State.Cursors.GetValueOrDefault(mailboxKey);
            if (current is null || current.UidValidity != cursor.UidValidity || current.LastUid < cursor.LastUid)
            {
                state.State.Cursors[mailboxKey] = cursor;
                cursors[mailboxKey] = new MailboxCursor(cursor.UidValidity, cursor.LastUid);
            }
        }

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

    private async Task RecordFailureAsync(string error)
    {
        var s = state.State;
        s.LastAttemptAt = clock.GetUtcNow();
        s.LastError = error;
        s.ConsecutiveFailures++;
        s.Health = MailboxHealth.Failing;
        await state.WriteStateAsync();
    }

    private void CopyStatus(MailboxStatus status)
    {
        var s = state.State;
        s.Health = status.State switch
        {
            MailboxState.Ok => MailboxHealth.Ok,
            MailboxState.Failing => MailboxHealth.Failing,
            _ => MailboxHealth.NeverPolled,
        };
        s.LastAttemptAt = status.LastAttemptAt;
        s.LastSuccessAt = status.LastSuccessAt ?? s.LastSuccessAt;
        s.LastError = status.State == MailboxState.Failing ? status.LastError : null;
        s.ConsecutiveFailures = status.ConsecutiveFailures;
        s.NextAttemptAt = status.NextAttemptAt;
    }

    private void SnapshotCursors()
    {
        foreach (var (key, c) in cursors)
        {
            state.State.Cursors[key] = new MailboxCursorView(c.UidValidity, c.LastUid);
        }
    }

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
        state.State.Sent[MailValidator.StripAngles(messageId)] = target;
        await state.WriteStateAsync();
    }

    Task<ObjectRef?> IMailboxGrain.FindSentAsync(string messageId) =>
        Task.FromResult(state.State.Sent.TryGetValue(MailValidator.StripAngles(messageId), out var r) ? r : null);

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
        cursors[mailboxKey] = new MailboxCursor(uidValidity, lastUid);
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

        var site = GrainFactory.GetGrain<ISiteGrain>(Site);
        var rows = await GrainFactory.GetGrain<IOrderRegistryGrain>(Site).QueryAsync(new OrderQuery(ObjectKind.PurchaseOrder, true));
        MasterDataSet? data = null;
        string? company = null;
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

            var mode = configuration.ModeOf(po.Supplier);
            string? sentId = null;
            string? error = null;
            if (mode == AutoReminderMode.Send)
            {
                data ??= await site.GetMasterDataAsync();
                company ??= (await site.GetInfoAsync()).Name;
                (sentId, error) = await SendReminderAsync(po, data, company, configuration, today);
            }

            state.State.Reminders.Add(new ReminderProposal(po.Number, po.Supplier, row.DueDate, today, mode, sentId, error));
        }

        state.State.LastReminderDay = today;
        state.State.Reminders.RemoveAll(r => r.Day.DayNumber < today.DayNumber - 60);
        await state.WriteStateAsync();
    }

    private async Task<(string? MessageId, string? Error)> SendReminderAsync(PurchaseOrderView po, MasterDataSet data, string company, MailConfiguration configuration, DateOnly today)
    {
        var supplier = data.Suppliers.FirstOrDefault(s => s.Code == po.Supplier);
        if (supplier is null || string.IsNullOrWhiteSpace(supplier.Email))
        {
            return (null, "Le fournisseur n'a pas d'adresse électronique.");
        }

        var items = data.Items.ToDictionary(i => i.Code, StringComparer.Ordinal);
        const FollowUpKind kind = FollowUpKind.DeliveryDateConfirmationRequest;
        var sender = new FollowUpSender(po.Buyer ?? (supplier.Language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "Purchasing" : "Service achats"),
            null, company, null, configuration.Smtp?.DefaultReplyTo);
        var rendered = FollowUpTemplates.Render(kind, supplier.Language, FollowUpComposer.PurchaseContext(po, supplier, items, kind, sender, today));
        try
        {
            var pdf = FollowUpComposer.PurchaseOrderPdf(po, supplier, items, company, clock.GetUtcNow(), services.GetService<PdfFonts>());
            var mail = FollowUpComposer.ToMail(supplier.Email, supplier.Contact, rendered.Subject, rendered.TextBody, rendered.HtmlBody, sender.ReplyTo, pdf);
            var sent = await services.GetRequiredService<IMailSender>().SendAsync(mail);
            var id = MailValidator.StripAngles(sent.MessageId);
            state.State.Sent[id] = new ObjectRef(ObjectKind.PurchaseOrder, po.Number);
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<IPurchaseOrderGrain>(po.Number).AddMessageAsync(
                new SupplierMessage(sent.SentAt, true, SystemUser, rendered.Subject, rendered.TextBody, id, To: supplier.Email, Kind: kind.ToString(),
                    Attachments: [pdf.FileName], MatchedBy: "Automatic"), SystemUser);
            return (id, null);
        }
        catch (Exception e) when (e is MailValidationException or MailDeliveryException or MailSettingsException or InvalidOperationException or IOException)
        {
            logger.LogWarning(e, "Automatic reminder for {Order} not sent", po.Number);
            return (null, e.Message);
        }
    }

    private sealed class LocalCursorStore(ConcurrentDictionary<string, MailboxCursor> cursors) : IMailboxCursorStore
    {
        public ValueTask<MailboxCursor?> GetAsync(string mailboxKey, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(cursors.TryGetValue(mailboxKey, out var c) ? c : null);

        public ValueTask SaveAsync(string mailboxKey, MailboxCursor cursor, CancellationToken cancellationToken = default)
        {
            cursors[mailboxKey] = cursor;
            return ValueTask.CompletedTask;
        }
    }
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
