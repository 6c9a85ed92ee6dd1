using System.Globalization;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Infrastructure.Mail;
using Collab.Infrastructure.Pdf;

namespace Collab.Grains.Mail;

/// <summary>Who signs a follow-up and where replies go.</summary>
public sealed record FollowUpSender(string Name, string? Role, string Company, string? Phone, string? ReplyTo);

/// <summary>
/// Builds follow-up mails for purchase and customer orders from the built-in templates (pure: the date is a
/// parameter). The order number always stays in the subject so replies can be matched without a thread.
/// </summary>
public static class FollowUpComposer
{
    public static readonly FollowUpKind[] SupplierKinds =
    [
        FollowUpKind.DeliveryDateConfirmationRequest, FollowUpKind.LateDeliveryReminder, FollowUpKind.ExpediteRequest,
        FollowUpKind.PostponementRequest, FollowUpKind.CancellationRequest,
    ];

    public static readonly FollowUpKind[] CustomerKinds = [FollowUpKind.CustomerNewDate, FollowUpKind.CustomerPartialDelivery];

    /// <summary>The template that fits the situation: exception first (annuler / reculer / avancer), then late, then unconfirmed.</summary>
    public static FollowUpKind SuggestKind(PurchaseOrderView po, DateOnly today)
    {
        var open = po.Lines.Where(l => l.OpenQty > 1e-9).ToList();
        if (po.Exceptions.Any(e => e.Type == Collab.Planning.Mrp.MrpExceptionType.Cancel))
        {
            return FollowUpKind.CancellationRequest;
        }

        if (open.Any(l => l.ExpectedDate < today))
        {
            return FollowUpKind.LateDeliveryReminder;
        }

        if (open.Any(l => l.NeededDate is { } n && n < l.ExpectedDate))
        {
            return FollowUpKind.ExpediteRequest;
        }

        if (po.Exceptions.Any(e => e.Type == Collab.Planning.Mrp.MrpExceptionType.RescheduleOut))
        {
            return FollowUpKind.PostponementRequest;
        }

        return FollowUpKind.DeliveryDateConfirmationRequest;
    }

    /// <summary>The date a kind asks for: the plan's need date to bring forward or postpone.</summary>
    public static DateOnly? NewDateFor(FollowUpKind kind, PurchaseOrderView po) => kind switch
    {
        FollowUpKind.ExpediteRequest or FollowUpKind.PostponementRequest =>
            po.Lines.Where(l => l.OpenQty > 1e-9 && l.NeededDate is not null).Select(l => l.NeededDate).Min(),
        _ => null,
    };

    public static FollowUpContext PurchaseContext(PurchaseOrderView po, SupplierData? supplier, IReadOnlyDictionary<string, ItemData> items, FollowUpKind kind,
        FollowUpSender sender, DateOnly today, DateOnly? newDate = null, string? reason = null) => new()
        {
            OrderNumber = po.Number,
            OrderDate = null,
            Counterpart = supplier?.Name ?? po.Supplier,
            ContactName = supplier?.Contact,
            SenderName = sender.Name,
            SenderRole = sender.Role,
            Company = sender.Company,
            SenderPhone = sender.Phone,
            NewDate = newDate ?? NewDateFor(kind, po),
            AnswerBy = today.AddDays(2),
            Reason = reason,
            Lines =
            [
                .. po.Lines.Where(l => l.OpenQty > 1e-9 || kind == FollowUpKind.CancellationRequest).Select(l => new FollowUpLine(
                    l.Item, items.TryGetValue(l.Item, out var it) ? it.Description : l.Item, (decimal)l.OpenQty,
                    items.TryGetValue(l.Item, out var u) ? u.Unit : "", l.RequestedDate, l.ConfirmedDate, newDate ?? NewDateFor(kind, po))),
            ],
        };

    public static FollowUpContext CustomerContext(CustomerOrderView co, CustomerData? customer, IReadOnlyDictionary<string, ItemData> items, FollowUpKind kind,
        FollowUpSender sender, DateOnly today, DateOnly? newDate, string? reason = null) => new()
        {
            OrderNumber = co.Number,
            Counterpart = customer?.Name ?? co.Customer,
            TheirReference = co.Reference,
            SenderName = sender.Name,
            SenderRole = sender.Role,
            Company = sender.Company,
            SenderPhone = sender.Phone,
            NewDate = newDate,
            AnswerBy = today.AddDays(3),
            Reason = reason,
            Lines =
            [
                .. co.Lines.Where(l => l.OpenQty > 1e-9).Select(l => new FollowUpLine(
                    l.Item, items.TryGetValue(l.Item, out var it) ? it.Description : l.Item, (decimal)l.OpenQty,
                    items.TryGetValue(l.Item, out var u) ? u.Unit : "", l.PromisedDate, null, newDate,
                    kind == FollowUpKind.CustomerPartialDelivery ? Math.Floor((decimal)l.OpenQty / 2) : null)),
            ],
        };

    /// <summary>Builds the mail ready for <see cref="IMailSender"/> from a (possibly edited) subject and text.</summary>
    public static OutgoingMail ToMail(string toAddress, string? toName, string subject, string textBody, string? htmlBody, string? replyTo, params MailAttachment[] attachments) => new()
    {
        To = [new MailRecipient(toAddress.Trim(), string.IsNullOrWhiteSpace(toName) ? null : toName)],
        Subject = subject,
        TextBody = textBody,
        HtmlBody = htmlBody,
        ReplyTo = string.IsNullOrWhiteSpace(replyTo) ? null : new MailRecipient(replyTo.Trim()),
        Attachments = attachments,
    };

    /// <summary>The purchase order as a one-page PDF (lines, dates, supplier), in the supplier's language.</summary>
    public static MailAttachment PurchaseOrderPdf(PurchaseOrderView po, SupplierData? supplier, IReadOnlyDictionary<string, ItemData> items, string company,
        DateTimeOffset createdAt, PdfFonts? fonts = null)
    {
        var en = supplier?.Language.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;
        var culture = CultureInfo.GetCultureInfo(en ? "en-GB" : "fr-FR");
        string T(string fr, string e) => en ? e : fr;
        string Date(DateOnly? d) => d?.ToString(en ? "d MMM yyyy" : "dd/MM/yyyy", culture) ?? "—";
        var title = T("Ordre d'achat ", "Purchase order ") + po.Number;
        var builder = new PdfDocumentBuilder(PdfPageSize.A4Portrait, new PdfPageDecoration
        {
            HeaderLeft = company,
            HeaderCenter = title,
            HeaderRight = Date(DateOnly.FromDateTime(createdAt.Date)),
            FooterLeft = T("Généré par Collab", "Generated by Collab"),
        }, fonts)
        {
            Title = title,
            Author = company,
            CreatedAt = createdAt,
            Culture = culture,
        };
        builder.Heading(title)
            .LabelledLines(
                (T("Fournisseur", "Supplier"), supplier is null ? po.Supplier : $"{supplier.Name} ({supplier.Code})"),
                (T("Contact", "Contact"), supplier?.Contact ?? "—"),
                (T("Adresse électronique", "E-mail"), string.IsNullOrWhiteSpace(supplier?.Email) ? "—" : supplier!.Email),
                (T("Acheteur", "Buyer"), po.Buyer ?? "—"))
            .Space()
            .Table(new PdfTable(
                [
                    new PdfColumn(T("Ligne", "Line"), 0.6f, PdfAlign.Right), new PdfColumn(T("Article", "Item"), 1.2f),
                    new PdfColumn(T("Désignation", "Description"), 2.4f), new PdfColumn(T("Quantité", "Quantity"), 1, PdfAlign.Right),
                    new PdfColumn(T("Date demandée", "Requested"), 1.2f), new PdfColumn(T("Date confirmée", "Confirmed"), 1.2f),
                ],
                [
                    .. po.Lines.Select(l => new[]
                    {
                        l.Line.ToString(culture), l.Item, items.TryGetValue(l.Item, out var it) ? it.Description : "",
                        l.Qty.ToString("N0", culture) + (items.TryGetValue(l.Item, out var u) && u.Unit.Length > 0 ? " " + u.Unit : ""),
                        Date(l.RequestedDate), Date(l.ConfirmedDate),
                    }),
                ]))
            .Space()
            .Paragraph(T("Merci de confirmer les dates de livraison en répondant à ce message.", "Please confirm the delivery dates by replying to this message."));
        return new MailAttachment($"{po.Number}.pdf", "application/pdf", builder.Build());
    }
}
