using System.Globalization;
using System.Text;
using Collab.Domain.FollowUps;

namespace Collab.Infrastructure.Mail;

/// <summary>A rendered mail, ready to be edited in the compose dialog and put into an <see cref="OutgoingMail"/>.</summary>
public sealed record RenderedMail(string Subject, string TextBody, string HtmlBody);

/// <summary>Subject and body template of one kind in one language.</summary>
public sealed record FollowUpTemplate(string Subject, string Body);

/// <summary>
/// Built-in follow-up templates in French and English, and their rendering (pure functions).
/// Placeholders: {OrderNumber} (alias {PoNumber}), {OrderDate}, {Counterpart}, {Greeting},
/// {TheirReference}, {NewDate}, {AnswerBy}, {Reason}, {Lines} (table), {Signature}, {Company}.
/// Dates and quantities are formatted in the language's culture (fr-FR / en-GB).
/// </summary>
public static class FollowUpTemplates
{
    public static readonly string[] Languages = ["fr", "en"];

    public static FollowUpTemplate Get(FollowUpKind kind, string language) => (Normalize(language), kind) switch
    {
        ("fr", FollowUpKind.DeliveryDateConfirmationRequest) => new(
            "Demande de confirmation de délai — commande {OrderNumber}",
            "{Greeting}\n\nPouvez-vous nous confirmer la date de livraison des articles suivants de notre commande {OrderNumber} du {OrderDate} ?\n\n{Lines}\n\nMerci de nous répondre avant le {AnswerBy}, en conservant le numéro de commande dans l'objet.{Reason}\n\n{Signature}"),
        ("en", FollowUpKind.DeliveryDateConfirmationRequest) => new(
            "Delivery date confirmation request — order {OrderNumber}",
            "{Greeting}\n\nCould you please confirm the delivery date of the following items of our purchase order {OrderNumber} dated {OrderDate}?\n\n{Lines}\n\nPlease reply by {AnswerBy}, keeping the order number in the subject.{Reason}\n\n{Signature}"),
        ("fr", FollowUpKind.LateDeliveryReminder) => new(
            "Relance : retard de livraison — commande {OrderNumber}",
            "{Greeting}\n\nSauf erreur de notre part, les articles suivants de notre commande {OrderNumber} ne nous sont pas parvenus à la date convenue :\n\n{Lines}\n\nCe retard pénalise notre production. Merci de nous indiquer au plus vite, et au plus tard le {AnswerBy}, votre nouvelle date de livraison ferme.{Reason}\n\n{Signature}"),
        ("en", FollowUpKind.LateDeliveryReminder) => new(
            "Reminder: late delivery — order {OrderNumber}",
            "{Greeting}\n\nUnless we are mistaken, the following items of our purchase order {OrderNumber} have not reached us on the agreed date:\n\n{Lines}\n\nThis delay affects our production. Please let us know your firm new delivery date as soon as possible, and by {AnswerBy} at the latest.{Reason}\n\n{Signature}"),
        ("fr", FollowUpKind.ExpediteRequest) => new(
            "Demande d'avancement de livraison — commande {OrderNumber}",
            "{Greeting}\n\nNos besoins ont évolué : serait-il possible d'avancer au {NewDate} la livraison des articles suivants de notre commande {OrderNumber} ?\n\n{Lines}\n\nMerci de nous indiquer avant le {AnswerBy} la date que vous pouvez garantir, même partielle.{Reason}\n\n{Signature}"),
        ("en", FollowUpKind.ExpediteRequest) => new(
            "Request to bring delivery forward — order {OrderNumber}",
            "{Greeting}\n\nOur requirements have changed: would it be possible to bring forward to {NewDate} the delivery of the following items of our purchase order {OrderNumber}?\n\n{Lines}\n\nPlease let us know by {AnswerBy} the date you can commit to, even for a partial quantity.{Reason}\n\n{Signature}"),
        ("fr", FollowUpKind.PostponementRequest) => new(
            "Demande de report de livraison — commande {OrderNumber}",
            "{Greeting}\n\nNous souhaitons reporter au {NewDate} la livraison des articles suivants de notre commande {OrderNumber} :\n\n{Lines}\n\nMerci de nous confirmer ce report avant le {AnswerBy}.{Reason}\n\n{Signature}"),
        ("en", FollowUpKind.PostponementRequest) => new(
            "Request to postpone delivery — order {OrderNumber}",
            "{Greeting}\n\nWe would like to postpone to {NewDate} the delivery of the following items of our purchase order {OrderNumber}:\n\n{Lines}\n\nPlease confirm this change by {AnswerBy}.{Reason}\n\n{Signature}"),
        ("fr", FollowUpKind.CancellationRequest) => new(
            "Annulation — commande {OrderNumber}",
            "{Greeting}\n\nNous vous informons de l'annulation des articles suivants de notre commande {OrderNumber} du {OrderDate} :\n\n{Lines}\n\nMerci de nous en accuser réception avant le {AnswerBy} et de nous signaler toute conséquence (fabrication déjà lancée, frais).{Reason}\n\n{Signature}"),
        ("en", FollowUpKind.CancellationRequest) => new(
            "Cancellation — order {OrderNumber}",
            "{Greeting}\n\nPlease note that the following items of our purchase order {OrderNumber} dated {OrderDate} are cancelled:\n\n{Lines}\n\nPlease acknowledge by {AnswerBy} and let us know of any consequence (production already started, costs).{Reason}\n\n{Signature}"),
        ("fr", FollowUpKind.CustomerNewDate) => new(
            "Votre commande {OrderNumber} : nouvelle date de livraison",
            "{Greeting}\n\nNous sommes au regret de vous informer que la livraison des articles suivants de votre commande {OrderNumber}{TheirReference} ne pourra pas avoir lieu à la date prévue. Nouvelle date : {NewDate}.\n\n{Lines}\n\nNous vous prions de nous excuser pour ce contretemps et restons à votre disposition.{Reason}\n\n{Signature}"),
        ("en", FollowUpKind.CustomerNewDate) => new(
            "Your order {OrderNumber}: new delivery date",
            "{Greeting}\n\nWe regret to inform you that the following items of your order {OrderNumber}{TheirReference} cannot be delivered on the planned date. New date: {NewDate}.\n\n{Lines}\n\nWe apologise for the inconvenience and remain at your disposal.{Reason}\n\n{Signature}"),
        ("fr", FollowUpKind.CustomerPartialDelivery) => new(
            "Votre commande {OrderNumber} : proposition de livraison partielle",
            "{Greeting}\n\nAfin de limiter le retard de votre commande {OrderNumber}{TheirReference}, nous vous proposons une livraison partielle le {NewDate} :\n\n{Lines}\n\nLe solde suivra dès que possible. Merci de nous indiquer avant le {AnswerBy} si cette proposition vous convient.{Reason}\n\n{Signature}"),
        ("en", FollowUpKind.CustomerPartialDelivery) => new(
            "Your order {OrderNumber}: partial delivery proposal",
            "{Greeting}\n\nTo limit the delay on your order {OrderNumber}{TheirReference}, we propose a partial delivery on {NewDate}:\n\n{Lines}\n\nThe balance will follow as soon as possible. Please let us know by {AnswerBy} whether this suits you.{Reason}\n\n{Signature}"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool IsCustomerKind(FollowUpKind kind) => kind is FollowUpKind.CustomerNewDate or FollowUpKind.CustomerPartialDelivery;

    /// <summary>Renders the built-in template of <paramref name="kind"/> in <paramref name="language"/> ("fr" default, "en").</summary>
    public static RenderedMail Render(FollowUpKind kind, string language, FollowUpContext context) =>
        Render(Get(kind, language), kind, language, context);

    /// <summary>Renders a (possibly user-edited) template.</summary>
    public static RenderedMail Render(FollowUpTemplate template, FollowUpKind kind, string language, FollowUpContext context)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(context);
        var values = Values(kind, Normalize(language), context);
        return new RenderedMail(
            MailTemplateEngine.Render(template.Subject, values, MailTemplateEngine.Output.SingleLine),
            MailTemplateEngine.Render(template.Body, values, MailTemplateEngine.Output.Text),
            MailTemplateEngine.Render(template.Body, values, MailTemplateEngine.Output.Html));
    }

    /// <summary>Placeholder values for a context (exposed for the compose dialog's help).</summary>
    public static IReadOnlyDictionary<string, TemplateValue> Values(FollowUpKind kind, string language, FollowUpContext c)
    {
        var lang = Normalize(language);
        var culture = CultureOf(lang);
        var fr = lang == "fr";
        string Date(DateOnly? d) => d is null ? (fr ? "(date à préciser)" : "(date to be specified)") : FormatDate(d.Value, culture);
        var greeting = string.IsNullOrWhiteSpace(c.ContactName) ? (fr ? "Bonjour," : "Hello,") : (fr ? $"Bonjour {c.ContactName.Trim()}," : $"Dear {c.ContactName.Trim()},");
        var signature = new StringBuilder();
        signature.Append(fr ? "Cordialement,\n" : "Best regards,\n");
        signature.Append(c.SenderName);
        if (!string.IsNullOrWhiteSpace(c.SenderRole)) signature.Append('\n').Append(c.SenderRole);
        if (!string.IsNullOrWhiteSpace(c.Company)) signature.Append('\n').Append(c.Company);
        if (!string.IsNullOrWhiteSpace(c.SenderPhone)) signature.Append('\n').Append(fr ? "Tél. " : "Phone ").Append(c.SenderPhone);
        var reason = string.IsNullOrWhiteSpace(c.Reason) ? "" : (fr ? "\n\nMotif : " : "\n\nReason: ") + c.Reason.Trim();
        var theirRef = string.IsNullOrWhiteSpace(c.TheirReference) ? "" : (fr ? $" (votre référence {c.TheirReference.Trim()})" : $" (your reference {c.TheirReference.Trim()})");
        var (linesText, linesHtml) = LinesTable(kind, lang, culture, c.Lines);
        return new Dictionary<string, TemplateValue>(StringComparer.Ordinal)
        {
            ["OrderNumber"] = c.OrderNumber,
            ["PoNumber"] = c.OrderNumber,
            ["OrderDate"] = Date(c.OrderDate),
            ["Counterpart"] = c.Counterpart,
            ["Greeting"] = greeting,
            ["TheirReference"] = theirRef,
            ["NewDate"] = Date(c.NewDate),
            ["AnswerBy"] = Date(c.AnswerBy),
            ["Reason"] = reason,
            ["Company"] = c.Company,
            ["Signature"] = signature.ToString(),
            ["Lines"] = new TemplateValue(linesText, linesHtml),
        };
    }

    public static string FormatDate(DateOnly date, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "fr"
            ? date.ToString("dd/MM/yyyy", culture)
            : date.ToString("d MMMM yyyy", culture);

    public static string FormatQuantity(decimal quantity, string unit, CultureInfo culture) =>
        (quantity.ToString("#,0.###", culture) + (string.IsNullOrWhiteSpace(unit) ? "" : " " + unit.Trim()));

    private static (string Text, string Html) LinesTable(FollowUpKind kind, string lang, CultureInfo culture, FollowUpLine[] lines)
    {
        var fr = lang == "fr";
        var columns = new List<(string Header, Func<FollowUpLine, string> Value, bool Right)>
        {
            (fr ? "Article" : "Item", l => l.ItemCode, false),
            (fr ? "Désignation" : "Description", l => l.Description, false),
            (kind == FollowUpKind.CustomerPartialDelivery ? (fr ? "Qté commandée" : "Ordered qty") : (fr ? "Quantité" : "Quantity"), l => FormatQuantity(l.Quantity, l.Unit, culture), true),
        };
        string D(DateOnly? d) => d is null ? "—" : FormatDate(d.Value, culture);
        switch (kind)
        {
            case FollowUpKind.DeliveryDateConfirmationRequest:
                columns.Add((fr ? "Date demandée" : "Requested date", l => D(l.RequestedDate), false));
                break;
            case FollowUpKind.LateDeliveryReminder:
                columns.Add((fr ? "Date demandée" : "Requested date", l => D(l.RequestedDate), false));
                columns.Add((fr ? "Date confirmée" : "Confirmed date", l => D(l.ConfirmedDate), false));
                break;
            case FollowUpKind.ExpediteRequest:
            case FollowUpKind.PostponementRequest:
                columns.Add((fr ? "Date confirmée" : "Confirmed date", l => D(l.ConfirmedDate ?? l.RequestedDate), false));
                columns.Add((fr ? "Date souhaitée" : "Date wanted", l => D(l.NewDate), false));
                break;
            case FollowUpKind.CustomerNewDate:
                columns.Add((fr ? "Date promise" : "Promised date", l => D(l.ConfirmedDate ?? l.RequestedDate), false));
                columns.Add((fr ? "Nouvelle date" : "New date", l => D(l.NewDate), false));
                break;
            case FollowUpKind.CustomerPartialDelivery:
                columns.Add((fr ? "Qté livrable" : "Qty available", l => l.AvailableQuantity is { } q ? FormatQuantity(q, l.Unit, culture) : "—", true));
                columns.Add((fr ? "Date" : "Date", l => D(l.NewDate), false));
                break;
        }

        var rows = lines.Select(l => columns.Select(col => OneLine(col.Value(l))).ToArray()).ToList();
        var widths = columns.Select((col, i) => Math.Max(col.Header.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendJoin(" | ", columns.Select((col, i) => col.Header.PadRight(widths[i])).ToArray()).Append('\n');
        text.AppendJoin("-+-", widths.Select(w => new string('-', w))).Append('\n');
        foreach (var r in rows)
            text.AppendJoin(" | ", r.Select((v, i) => columns[i].Right ? v.PadLeft(widths[i]) : v.PadRight(widths[i])).ToArray()).Append('\n');

        var html = new StringBuilder();
        html.Append("<table style=\"border-collapse:collapse\" cellpadding=\"4\" border=\"1\">\n<thead><tr>");
        foreach (var col in columns) html.Append("<th>").Append(HtmlSanitizer.Encode(col.Header)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var r in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < r.Length; i++)
                html.Append(columns[i].Right ? "<td align=\"right\">" : "<td>").Append(HtmlSanitizer.Encode(r[i])).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>");
        return (text.ToString().TrimEnd('\n'), html.ToString());
    }

    private static string OneLine(string s) => string.Join(' ', s.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    public static CultureInfo CultureOf(string language) => CultureInfo.GetCultureInfo(Normalize(language) == "en" ? "en-GB" : "fr-FR");

    private static string Normalize(string? language) =>
        language is not null && language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "fr";
}
