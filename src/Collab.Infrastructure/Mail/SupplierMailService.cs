using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.FollowUps;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Domain.FollowUps;
using Collab.Infrastructure.Pdf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collab.Infrastructure.Mail;

/// <summary>A follow-up of a bulk send: the order it is about, the mail, its template kind.</summary>
public sealed record SupplierMailItem(ObjectRef Order, OutgoingMail Mail, FollowUpKind Kind);

/// <summary>
/// The ONE place that sends a supplier or customer mail and records it (issue 13): the buyer's follow-up, the
/// worklist's bulk send and the automatic reminders all go through <see cref="SendAsync"/> / <see cref="SendBulkAsync"/>
/// / <see cref="SendPendingRemindersAsync"/>, and every sent mail is recorded the same way by <see cref="RecordAsync"/>:
/// its Message-ID kept by the mailbox (replies find their order), the mail appended to the order's thread, the
/// automatic proposal of the order resolved. Network I/O happens here, never in a grain turn.
/// </summary>
public sealed class SupplierMailService(IGrainFactory grains, IMailSender sender, BulkMailSender bulk, PdfFonts? fonts, TimeProvider clock, string site,
    ILogger<SupplierMailService>? logger = null)
{
    /// <summary>The user recorded for mails the system sends by itself.</summary>
    public const string SystemUser = Collab.Contracts.SystemLogins.Mail;

    private readonly ILogger logger = (ILogger?)logger ?? NullLogger.Instance;

    private IMailboxGrain Mailbox => grains.GetGrain<IMailboxGrain>(site);

    private ISiteGrain Site => grains.GetGrain<ISiteGrain>(site);

    /// <summary>Sends then records. Exceptions of the sender pass through (nothing recorded when nothing left).</summary>
    public async Task<SentMail> SendAsync(ObjectRef order, OutgoingMail mail, FollowUpKind kind, string user, CancellationToken cancellationToken = default)
    {
        var sent = await sender.SendAsync(mail, cancellationToken).ConfigureAwait(false);
        await RecordAsync(order, sent, mail, kind, user).ConfigureAwait(false);
        return sent;
    }

    /// <summary>Sends each mail (one result per mail, a failure does not stop the batch) and records those that left.</summary>
    public async Task<BulkMailResult[]> SendBulkAsync(IReadOnlyList<SupplierMailItem> items, string user, IProgress<BulkMailProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var results = await bulk.SendAllAsync([.. items.Select(i => new BulkMailItem(i.Order.Id, i.Mail))], progress, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i] is { Status: BulkMailStatus.Sent, MessageId: { } id })
            {
                var item = items[i];
                await RecordAsync(item.Order, new SentMail(id, clock.GetUtcNow(), item.Mail.To.Length), item.Mail, item.Kind, user).ConfigureAwait(false);
            }
        }

        return results;
    }

    /// <summary>How every sent supplier/customer mail is recorded (Message-ID for reply matching, order thread, proposal resolved).</summary>
    public async Task RecordAsync(ObjectRef order, SentMail sent, OutgoingMail mail, FollowUpKind kind, string user, string? matchedBy = null)
    {
        var id = MailValidator.StripAngles(sent.MessageId);
        await Mailbox.RecordSentAsync(id, order).ConfigureAwait(false);
        var message = new SupplierMessage(sent.SentAt, true, user, mail.Subject, mail.TextBody, id, To: string.Join(", ", mail.To.Select(t => t.Address)),
            Kind: kind.ToString(), Attachments: [.. mail.Attachments.Select(a => a.FileName)], MatchedBy: matchedBy);
        if (order.Kind == ObjectKind.PurchaseOrder)
        {
            await grains.GetGrain<IPurchaseOrderGrain>(order.Id).AddMessageAsync(message, user).ConfigureAwait(false);
            await Mailbox.ResolveReminderAsync(order.Id, id).ConfigureAwait(false);
        }
        else
        {
            await grains.GetGrain<ICustomerOrderGrain>(order.Id).AddMessageAsync(message, user).ConfigureAwait(false);
        }
    }

    /// <summary>The PO as PDF, in the supplier's language (what the follow-ups attach).</summary>
    public async Task<MailAttachment> PurchaseOrderPdfAsync(string number)
    {
        var po = await grains.GetGrain<IPurchaseOrderGrain>(number).GetAsync().ConfigureAwait(false)
            ?? throw new Collab.Contracts.CommandRejectedException(Collab.Contracts.Refusal.NotFound, number);
        var data = await Site.GetMasterDataAsync().ConfigureAwait(false);
        var info = await Site.GetInfoAsync().ConfigureAwait(false);
        return FollowUpMails.PurchaseOrderPdf(po, data.Suppliers.FirstOrDefault(s => s.Code == po.Supplier), data.Items.ToDictionary(i => i.Code, StringComparer.Ordinal),
            info.Name, clock.GetUtcNow(), fonts);
    }

    /// <summary>
    /// Sends the automatic reminders the mailbox left pending (suppliers on automatic send): "demande de confirmation
    /// de délai" with the PO as PDF, recorded like any follow-up; a failure is recorded on the proposal (shown to the buyer).
    /// </summary>
    public async Task<int> SendPendingRemindersAsync(CancellationToken cancellationToken = default)
    {
        var pending = await Mailbox.GetPendingSendsAsync().ConfigureAwait(false);
        if (pending.Count == 0)
        {
            return 0;
        }

        var data = await Site.GetMasterDataAsync().ConfigureAwait(false);
        var info = await Site.GetInfoAsync().ConfigureAwait(false);
        var configuration = await grains.GetGrain<IMailSettingsGrain>(site).GetAsync().ConfigureAwait(false);
        var items = data.Items.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var sentCount = 0;
        foreach (var proposal in pending)
        {
            string? id = null;
            RefusalReason? error = null;
            var po = await grains.GetGrain<IPurchaseOrderGrain>(proposal.PurchaseOrder).GetAsync().ConfigureAwait(false);
            var supplier = po is null ? null : data.Suppliers.FirstOrDefault(s => s.Code == po.Supplier);
            if (po is null || supplier is null || string.IsNullOrWhiteSpace(supplier.Email))
            {
                error = new(Refusal.SupplierWithoutEmail);
            }
            else
            {
                const FollowUpKind kind = FollowUpKind.DeliveryDateConfirmationRequest;
                var from = new FollowUpSender(po.Buyer ?? (supplier.Language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "Purchasing" : "Service achats"),
                    null, info.Name, null, configuration.Smtp?.DefaultReplyTo);
                var rendered = FollowUpTemplates.Render(kind, supplier.Language, FollowUpComposer.PurchaseContext(po, supplier, items, kind, from, today));
                try
                {
                    var pdf = FollowUpMails.PurchaseOrderPdf(po, supplier, items, info.Name, clock.GetUtcNow(), fonts);
                    var mail = FollowUpMails.ToMail(supplier.Email, supplier.Contact, rendered.Subject, rendered.TextBody, rendered.HtmlBody, from.ReplyTo, pdf);
                    var sent = await sender.SendAsync(mail, cancellationToken).ConfigureAwait(false);
                    await RecordAsync(new ObjectRef(ObjectKind.PurchaseOrder, po.Number), sent, mail, kind, SystemUser, "Automatic").ConfigureAwait(false);
                    id = MailValidator.StripAngles(sent.MessageId);
                    sentCount++;
                }
                catch (Exception e) when (e is MailValidationException or MailDeliveryException or MailSettingsException or InvalidOperationException or IOException)
                {
                    logger.LogWarning(e, "Automatic reminder for {Order} not sent", po.Number);
                    error = MailFailure.Reasons(e)[0];
                }
            }

            await Mailbox.RecordReminderOutcomeAsync(proposal.PurchaseOrder, proposal.ExpectedDate, id, error).ConfigureAwait(false);
        }

        return sentCount;
    }
}
