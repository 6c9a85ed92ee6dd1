using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.FollowUps;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Domain.FollowUps;
using Collab.Infrastructure.Configuration;
using Collab.Infrastructure.Mail;
using Collab.Infrastructure.Pdf;
using Collab.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Collab.Web.Services;

/// <summary>A supplier or customer as the compose dialog needs it.</summary>
public sealed record CounterpartContact(string Code, string Name, string? Email, string Language, string? Contact)
{
    public bool HasAddress => !string.IsNullOrWhiteSpace(Email);
}

/// <summary>A follow-up mail in the compose dialog: prefilled from a template, then edited by the user.</summary>
public sealed record FollowUpDraft(
    ObjectRef Order,
    FollowUpKind Template,
    string Language,
    string? To,
    string? ToName,
    string Subject,
    string TextBody,
    string? HtmlBody,
    string? ReplyTo,
    bool AttachPdf,
    DateOnly? NewDate)
{
    /// <summary>The template's HTML is sent only while the text is the template's own text.</summary>
    public string? TemplateText { get; init; }
}

/// <summary>SMTP + IMAP settings typed on the "Messagerie" page; a null password keeps the stored one.</summary>
public sealed record MailSettingsForm(
    string SmtpHost,
    int SmtpPort,
    MailServerSecurity SmtpSecurity,
    string? SmtpUser,
    string? SmtpPassword,
    string FromAddress,
    string? FromName,
    string? DefaultReplyTo,
    bool ImapEnabled,
    string ImapHost,
    int ImapPort,
    MailServerSecurity ImapSecurity,
    string ImapUser,
    string? ImapPassword,
    string ImapFolder,
    int ReminderDaysBefore,
    IReadOnlyList<string> AutoSendSuppliers);

public sealed record CustomerOtdRow(string Customer, string Name, int DeliveredLines, int OnTimeLines, int OpenOrders, int LateOrders)
{
    public double? Rate => DeliveredLines == 0 ? null : (double)OnTimeLines / DeliveredLines;
}

/// <summary>Outcome of one mail of a bulk send, for the worklist's per-mail result column.</summary>
public sealed record FollowUpSendResult(string Order, BulkMailStatus Status, string? MessageId, IReadOnlyList<RefusalReason> Problems);

/// <summary>Buyer and customer follow-ups by mail (issue 7).</summary>
public interface IFollowUpService
{
    Task<CounterpartContact?> GetSupplierAsync(string code);

    Task<CounterpartContact?> GetCustomerAsync(string code);

    /// <summary>Adds or corrects the supplier's mail address (the "add one" of a supplier without address).</summary>
    Task SetSupplierEmailAsync(string code, string email, string user);

    Task SetCustomerEmailAsync(string code, string email, string user);

    Task<FollowUpDraft> DraftPurchaseAsync(string number, FollowUpKind? kind, string user);

    Task<FollowUpDraft> DraftCustomerAsync(string number, FollowUpKind kind, DateOnly? newDate, string user);

    /// <summary>Sends the (edited) draft, logs it on the order's thread with its Message-ID, records the ID for reply matching.</summary>
    Task<SentMail> SendAsync(FollowUpDraft draft, string user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Accepts a supplier's proposed date (version-checked; the date is the one stored with the message) and returns the
    /// PO. A reply from an unverified sender (not in the thread of a mail we sent, not from the supplier's address or
    /// domain) is refused unless <paramref name="confirmUnverified"/>. No plan run inside the click: the PO's change arms
    /// the automatic net change, whose result comes as a plan change event (see <see cref="PlanRunSinceAsync"/>).
    /// </summary>
    Task<PurchaseOrderView> AcceptProposedDateAsync(string number, string messageId, long expectedVersion, string user, bool confirmUnverified = false);

    /// <summary>The last plan run if it is finished and read the data as of <paramref name="since"/> or later (else null).</summary>
    Task<PlanRunSummary?> PlanRunSinceAsync(DateTimeOffset since);

    /// <summary>Whether a received reply may be accepted in one click (thread headers, or the supplier's known address/domain).</summary>
    bool IsVerifiedReply(SupplierMessage message, CounterpartContact? supplier);

    Task<IReadOnlyList<WorklistRow>> GetWorklistAsync();

    Task<IReadOnlyList<FollowUpSendResult>> SendBulkAsync(IReadOnlyList<string> numbers, string user, IProgress<BulkMailProgress>? progress = null, CancellationToken cancellationToken = default);

    Task<MailboxPollSummary> PollNowAsync(string user);

    Task<MailboxStatusView> GetMailboxStatusAsync();

    Task<IReadOnlyList<TriageMail>> GetTriageAsync();

    /// <summary>A received mail's body from the mail store (order threads and triage show it; grains keep only its id).</summary>
    Task<StoredMailBody?> GetMailBodyAsync(string bodyId);

    Task AssignTriageAsync(string messageId, string orderNumber, string user);

    Task<IReadOnlyList<ReminderProposal>> GetRemindersAsync();

    Task<IReadOnlyList<SupplierScore>> GetScorecardAsync(int months);

    Task<IReadOnlyList<CustomerOtdRow>> GetCustomerOtdAsync();

    Task<MailConfiguration> GetMailConfigurationAsync();

    Task<MailConfiguration> SaveMailConfigurationAsync(MailSettingsForm form, long expectedVersion, string user);

    /// <summary>The PO as PDF (what the dialog attaches).</summary>
    Task<MailAttachment> PurchaseOrderPdfAsync(string number);
}

internal sealed class FollowUpService(
    PlanContext ctx,
    SupplierMailService supplierMail,
    MailboxWorker mailboxWorker,
    MailSettingsProtector protector,
    IMailSettingsProvider settings,
    IServiceScopeFactory scopes,
    IMailRouteResolver routes,
    IMailBodyStore bodies) : IFollowUpService
{
    /// <summary>Every mail action checks the route first: "not configured" is said before anything is composed or sent.</summary>
    private async Task RequireMailAsync()
    {
        if ((await routes.ResolveAsync()).Route == MailRoute.NotConfigured)
        {
            throw new CommandRejectedException(Refusal.MailNotConfigured);
        }
    }

    private ISiteGrain Site => ctx.Grains.GetGrain<ISiteGrain>(ctx.Site);

    private IMailboxGrain Mailbox => ctx.Grains.GetGrain<IMailboxGrain>(ctx.Site);

    public async Task<CounterpartContact?> GetSupplierAsync(string code) =>
        (await Site.GetMasterDataAsync()).Suppliers.FirstOrDefault(s => s.Code == code) is { } s
            ? new CounterpartContact(s.Code, s.Name, NullIfBlank(s.Email), s.Language, s.Contact)
            : null;

    public async Task<CounterpartContact?> GetCustomerAsync(string code) =>
        (await Site.GetMasterDataAsync()).Customers.FirstOrDefault(c => c.Code == code) is { } c
            ? new CounterpartContact(c.Code, c.Name, NullIfBlank(c.Email), c.Language, c.Contact)
            : null;

    public async Task SetSupplierEmailAsync(string code, string email, string user)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        CheckAddress(email);
        var data = await Site.GetMasterDataAsync();
        var supplier = data.Suppliers.FirstOrDefault(s => s.Code == code) ?? throw new CommandRejectedException(Refusal.UnknownSupplier, code);
        var stamp = await Site.GetStampAsync(MasterDataKeys.Of(supplier));
        await Site.UpsertSupplierAsync(supplier with { Email = email.Trim() }, stamp.Version, user);
    }

    public async Task SetCustomerEmailAsync(string code, string email, string user)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        CheckAddress(email);
        var data = await Site.GetMasterDataAsync();
        var customer = data.Customers.FirstOrDefault(c => c.Code == code) ?? throw new CommandRejectedException(Refusal.UnknownCustomer, code);
        var stamp = await Site.GetStampAsync(MasterDataKeys.Of(customer));
        await Site.UpsertCustomerAsync(customer with { Email = email.Trim() }, stamp.Version, user);
    }

    private static void CheckAddress(string email)
    {
        if (MailValidator.CheckAddress(email?.Trim()) is not null)
        {
            throw new CommandRejectedException(Refusal.InvalidAddress, email?.Trim() ?? "");
        }
    }

    public async Task<FollowUpDraft> DraftPurchaseAsync(string number, FollowUpKind? kind, string user)
    {
        var po = await ctx.Grains.GetGrain<IPurchaseOrderGrain>(number).GetAsync() ?? throw new CommandRejectedException(Refusal.NotFound, number);
        var data = await Site.GetMasterDataAsync();
        var supplier = data.Suppliers.FirstOrDefault(s => s.Code == po.Supplier);
        var chosen = kind ?? FollowUpComposer.SuggestKind(po, ctx.Today);
        var from = await SenderAsync(user);
        var language = supplier?.Language ?? "fr";
        var context = FollowUpComposer.PurchaseContext(po, supplier, Items(data), chosen, from, ctx.Today);
        var rendered = FollowUpTemplates.Render(chosen, language, context);
        return new FollowUpDraft(new ObjectRef(ObjectKind.PurchaseOrder, po.Number), chosen, language, NullIfBlank(supplier?.Email), supplier?.Contact,
            rendered.Subject, rendered.TextBody, rendered.HtmlBody, from.ReplyTo, true, context.NewDate) { TemplateText = rendered.TextBody };
    }

    public async Task<FollowUpDraft> DraftCustomerAsync(string number, FollowUpKind kind, DateOnly? newDate, string user)
    {
        var co = await ctx.Grains.GetGrain<ICustomerOrderGrain>(number).GetAsync() ?? throw new CommandRejectedException(Refusal.NotFound, number);
        var data = await Site.GetMasterDataAsync();
        var customer = data.Customers.FirstOrDefault(c => c.Code == co.Customer);
        var from = await SenderAsync(user);
        var date = newDate ?? co.Exceptions.Select(e => e.To).Where(d => d is not null).Max() ?? co.Lines.Min(l => l.PromisedDate).AddDays(7);
        var context = FollowUpComposer.CustomerContext(co, customer, Items(data), kind, from, ctx.Today, date);
        var rendered = FollowUpTemplates.Render(kind, "fr", context);
        return new FollowUpDraft(new ObjectRef(ObjectKind.CustomerOrder, co.Number), kind, "fr", NullIfBlank(customer?.Email), customer?.Name,
            rendered.Subject, rendered.TextBody, rendered.HtmlBody, from.ReplyTo, false, date) { TemplateText = rendered.TextBody };
    }

    public async Task<SentMail> SendAsync(FollowUpDraft draft, string user, CancellationToken cancellationToken = default)
    {
        await ctx.RequireAsync(user, draft.Order.Kind == ObjectKind.CustomerOrder ? Policies.CanPlan : Policies.CanBuy);
        await RequireMailAsync();
        if (string.IsNullOrWhiteSpace(draft.To))
        {
            throw new CommandRejectedException(draft.Order.Kind == ObjectKind.CustomerOrder ? Refusal.CustomerWithoutEmail : Refusal.SupplierWithoutEmail);
        }

        var attachments = new List<MailAttachment>();
        if (draft.AttachPdf && draft.Order.Kind == ObjectKind.PurchaseOrder)
        {
            attachments.Add(await supplierMail.PurchaseOrderPdfAsync(draft.Order.Id));
        }

        var html = draft.TemplateText is not null && draft.TemplateText == draft.TextBody ? draft.HtmlBody : null;
        var mail = FollowUpMails.ToMail(draft.To, draft.ToName, draft.Subject, draft.TextBody, html, draft.ReplyTo, [.. attachments]);
        try
        {
            return await supplierMail.SendAsync(draft.Order, mail, draft.Template, user, cancellationToken);
        }
        catch (Exception e) when (e is MailValidationException or MailDeliveryException or MailSettingsException)
        {
            throw new CommandRejectedException([.. MailFailure.Reasons(e)]);
        }
    }

    public bool IsVerifiedReply(SupplierMessage message, CounterpartContact? supplier) =>
        MailThreading.IsVerifiedReply(message.MatchedBy, message.From, supplier?.Email);

    public async Task<PurchaseOrderView> AcceptProposedDateAsync(string number, string messageId, long expectedVersion, string user, bool confirmUnverified = false)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        // One grain command: the PO reads the date from its stored message, checks the sender and arms the net change.
        return await ctx.Grains.GetGrain<IPurchaseOrderGrain>(number).AcceptProposedDateAsync(messageId, expectedVersion, user, confirmUnverified);
    }

    public async Task<PlanRunSummary?> PlanRunSinceAsync(DateTimeOffset since)
    {
        var summary = await ctx.Plan.GetSummaryAsync();
        return summary is not null && summary.At >= since && await ctx.Plan.GetProgressAsync() is { Running: false } ? summary : null;
    }

    public async Task<IReadOnlyList<WorklistRow>> GetWorklistAsync()
    {
        var (orders, data) = await OpenPurchaseOrdersAsync();
        var proposals = (await Mailbox.GetRemindersAsync()).Where(r => r.Mode == AutoReminderMode.Propose && r.SentMessageId is null).Select(r => r.PurchaseOrder)
            .ToHashSet(StringComparer.Ordinal);
        return FollowUpAnalytics.Worklist(orders, data.Suppliers.ToDictionary(s => s.Code, StringComparer.Ordinal), Items(data), ctx.Today, proposals);
    }

    public async Task<IReadOnlyList<FollowUpSendResult>> SendBulkAsync(IReadOnlyList<string> numbers, string user, IProgress<BulkMailProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        await RequireMailAsync();
        var results = new Dictionary<string, FollowUpSendResult>(StringComparer.Ordinal);
        var items = new List<SupplierMailItem>();
        foreach (var number in numbers.Distinct(StringComparer.Ordinal))
        {
            var draft = await DraftPurchaseAsync(number, null, user);
            if (string.IsNullOrWhiteSpace(draft.To))
            {
                results[number] = new FollowUpSendResult(number, BulkMailStatus.Refused, null, [new(Refusal.SupplierWithoutEmail)]);
                continue;
            }

            var mail = FollowUpMails.ToMail(draft.To, draft.ToName, draft.Subject, draft.TextBody, draft.HtmlBody, draft.ReplyTo, await supplierMail.PurchaseOrderPdfAsync(number));
            items.Add(new SupplierMailItem(draft.Order, mail, draft.Template));
        }

        foreach (var r in await supplierMail.SendBulkAsync(items, user, progress, cancellationToken))
        {
            results[r.Key] = new FollowUpSendResult(r.Key, r.Status, r.MessageId, r.Problems);
        }

        return [.. numbers.Distinct(StringComparer.Ordinal).Where(results.ContainsKey).Select(n => results[n])];
    }

    public async Task<MailboxPollSummary> PollNowAsync(string user)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        await Mailbox.EnsureScheduledAsync();
        return await mailboxWorker.PollNowAsync();
    }

    public Task<MailboxStatusView> GetMailboxStatusAsync() => Mailbox.GetStatusAsync();

    public Task<IReadOnlyList<TriageMail>> GetTriageAsync() => Mailbox.GetTriageAsync();

    public Task<StoredMailBody?> GetMailBodyAsync(string bodyId) => bodies.GetAsync(ctx.Site, bodyId);

    public async Task AssignTriageAsync(string messageId, string orderNumber, string user)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        var number = (orderNumber ?? "").Trim().ToUpperInvariant();
        var kind = MailThreading.KindOfNumber(number)
            ?? throw new CommandRejectedException(Refusal.NotAnOrderNumber, orderNumber ?? "");
        await Mailbox.AssignTriageAsync(messageId, new ObjectRef(kind, number), user);
    }

    public Task<IReadOnlyList<ReminderProposal>> GetRemindersAsync() => Mailbox.GetRemindersAsync();

    public async Task<IReadOnlyList<SupplierScore>> GetScorecardAsync(int months)
    {
        var rows = await ctx.Registry.QueryAsync(new OrderQuery(ObjectKind.PurchaseOrder, false));
        var views = await Task.WhenAll(rows.Select(r => ctx.Grains.GetGrain<IPurchaseOrderGrain>(r.Number).GetAsync()));
        var data = await Site.GetMasterDataAsync();
        return FollowUpAnalytics.Scorecard(views.OfType<PurchaseOrderView>(), data.Suppliers.ToDictionary(s => s.Code, StringComparer.Ordinal), ctx.Today, months);
    }

    public async Task<IReadOnlyList<CustomerOtdRow>> GetCustomerOtdAsync()
    {
        var rows = await ctx.Registry.QueryAsync(new OrderQuery(ObjectKind.CustomerOrder, false));
        var names = (await Site.GetMasterDataAsync()).Customers.ToDictionary(c => c.Code, c => c.Name, StringComparer.Ordinal);
        var today = ctx.Today;
        return
        [
            .. rows.Where(r => r.Status != nameof(CustomerOrderStatus.Cancelled)).GroupBy(r => r.Party, StringComparer.Ordinal)
                .Select(g => new CustomerOtdRow(g.Key, names.GetValueOrDefault(g.Key, g.Key), g.Sum(r => r.Otd.DeliveredLines), g.Sum(r => r.Otd.OnTimeLines),
                    g.Count(r => !r.Closed), g.Count(r => r.IsLate(today))))
                .OrderBy(r => r.Rate ?? 2).ThenByDescending(r => r.LateOrders).ThenBy(r => r.Customer, StringComparer.Ordinal),
        ];
    }

    public Task<MailConfiguration> GetMailConfigurationAsync() => ctx.Grains.GetGrain<IMailSettingsGrain>(ctx.Site).GetAsync();

    public async Task<MailConfiguration> SaveMailConfigurationAsync(MailSettingsForm form, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanAdminister);
        var grain = ctx.Grains.GetGrain<IMailSettingsGrain>(ctx.Site);
        var current = await grain.GetAsync();
        var smtp = string.IsNullOrWhiteSpace(form.SmtpHost)
            ? null
            : new SmtpConfiguration(form.SmtpHost.Trim(), form.SmtpPort, form.SmtpSecurity, NullIfBlank(form.SmtpUser),
                string.IsNullOrEmpty(form.SmtpPassword) ? current.Smtp?.ProtectedPassword : protector.ProtectPassword(form.SmtpPassword),
                form.FromAddress.Trim(), NullIfBlank(form.FromName), NullIfBlank(form.DefaultReplyTo));
        var imap = string.IsNullOrWhiteSpace(form.ImapHost)
            ? null
            : new ImapConfiguration(form.ImapHost.Trim(), form.ImapPort, form.ImapSecurity, form.ImapUser.Trim(),
                string.IsNullOrEmpty(form.ImapPassword) ? current.Imap?.ProtectedPassword : protector.ProtectPassword(form.ImapPassword),
                string.IsNullOrWhiteSpace(form.ImapFolder) ? "INBOX" : form.ImapFolder.Trim(), form.ImapEnabled);
        return await grain.SaveAsync(new MailConfiguration(smtp, imap, form.ReminderDaysBefore, form.AutoSendSuppliers, 0, null, null), expectedVersion, user);
    }

    public Task<MailAttachment> PurchaseOrderPdfAsync(string number) => supplierMail.PurchaseOrderPdfAsync(number);

    private async Task<(List<PurchaseOrderView> Orders, MasterDataSet Data)> OpenPurchaseOrdersAsync()
    {
        var rows = await ctx.Registry.QueryAsync(new OrderQuery(ObjectKind.PurchaseOrder, true));
        var views = await Task.WhenAll(rows.Select(r => ctx.Grains.GetGrain<IPurchaseOrderGrain>(r.Number).GetAsync()));
        return ([.. views.OfType<PurchaseOrderView>()], await Site.GetMasterDataAsync());
    }

    /// <summary>The signing user: display name and e-mail from Identity; replies go to the buyer, else to the configured Reply-To.</summary>
    private async Task<FollowUpSender> SenderAsync(string user)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        var found = await users.FindByNameAsync(user);
        var configured = await settings.GetAsync();
        var info = await Site.GetInfoAsync();
        var email = NullIfBlank(found?.Email);
        var replyTo = email is not null && MailValidator.CheckAddress(email) is null ? email : NullIfBlank(configured.DefaultReplyTo);
        return new FollowUpSender(NullIfBlank(found?.DisplayName) ?? user, null, info.Name, NullIfBlank(found?.PhoneNumber), replyTo);
    }

    private static Dictionary<string, ItemData> Items(MasterDataSet data) => data.Items.ToDictionary(i => i.Code, StringComparer.Ordinal);

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

public static class FollowUpServiceRegistration
{
    /// <summary>
    /// Grain-backed mail settings (the "Messagerie" page, falling back to "Collab:Mail"), IMAP watermark and sent
    /// Message-IDs, and the follow-up service. Call BEFORE AddCollabMail, whose defaults are TryAdd.
    /// </summary>
    public static IServiceCollection AddCollabFollowUps(this IServiceCollection services)
    {
        static string SiteOf(IServiceProvider sp) => SiteOptions.CodeOf(sp.GetRequiredService<IConfiguration>());
        services.TryAddSingleton<IMailSettingsProvider>(sp => new GrainMailSettingsProvider(sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<MailSettingsProtector>(), sp.GetRequiredService<IOptionsMonitor<MailSettings>>(), SiteOf(sp)));
        services.TryAddSingleton<IMailboxCursorStore>(sp => new GrainMailboxCursorStore(sp.GetRequiredService<IGrainFactory>(), SiteOf(sp)));
        // Received mail bodies outside grain state (issue 16 item 4): the mode's database.
        services.TryAddSingleton<IMailBodyStore>(sp => sp.GetService<CollabOptions>() is { } options ? MailBodyStores.For(options) : new InMemoryMailBodyStore());
        services.TryAddSingleton(sp => new SupplierMailService(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<IMailSender>(),
            sp.GetRequiredService<BulkMailSender>(), sp.GetService<PdfFonts>(), sp.GetRequiredService<TimeProvider>(), SiteOf(sp), sp.GetService<ILogger<SupplierMailService>>()));
        // The mailbox's I/O in every silo (one poller at a time through the mailbox grain's lease).
        services.TryAddSingleton(sp => new MailboxWorker(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<MailSettingsProtector>(),
            sp.GetRequiredService<SupplierMailService>(), sp.GetRequiredService<TimeProvider>(), SiteOf(sp), sp.GetService<ILogger<MailboxWorker>>(),
            sp.GetRequiredService<IMailBodyStore>(), sp.GetRequiredService<IOptions<MailLimits>>().Value));
        services.AddHostedService(sp => sp.GetRequiredService<MailboxWorker>());
        services.AddSingleton<IFollowUpService, FollowUpService>();
        return services;
    }
}
