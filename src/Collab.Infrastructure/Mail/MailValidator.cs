using System.Globalization;
using MimeKit;

namespace Collab.Infrastructure.Mail;

/// <summary>
/// Strict checks applied to every outgoing mail before anything is sent: addresses parsed
/// strictly, no control character (CR, LF, TAB, NUL, DEL, C1, U+2028/2029…) in any header field,
/// attachment size limit. Errors are collected (all of them, not only the first) in French.
/// </summary>
public static class MailValidator
{
    public const int MaxSubjectLength = 400;
    public const int MaxDisplayNameLength = 200;
    public const int MaxAddressLength = 254;
    public const int MaxRecipients = 100;

    /// <summary>True when <paramref name="value"/> contains a character that must never appear in a header.</summary>
    public static bool ContainsControlCharacter(string? value) => Collab.Domain.Mail.MailValidator.ContainsControlCharacter(value);

    /// <summary>Checks one address (addr-spec only, no display name): the pure syntax rules, then the MIME parser. Null when valid, else the reason (French).</summary>
    public static string? CheckAddress(string? address)
    {
        if (Collab.Domain.Mail.MailValidator.CheckAddress(address) is { } reason) return reason;
        if (!MailboxAddress.TryParse(ParserOptions.Default, address, out var parsed) || parsed is null)
            return "adresse illisible";
        if (!string.Equals(parsed.Address, address, StringComparison.Ordinal) || !string.IsNullOrEmpty(parsed.Name))
            return "adresse ambiguë";
        return null;
    }

    /// <summary>Checks a Message-ID (with or without angle brackets). Returns null when valid.</summary>
    public static string? CheckMessageId(string? messageId)
    {
        if (string.IsNullOrWhiteSpace(messageId)) return "identifiant vide";
        if (ContainsControlCharacter(messageId)) return "caractère de contrôle (retour à la ligne…) interdit";
        var id = StripAngles(messageId);
        if (id.Length is 0 or > 250) return "identifiant de longueur invalide";
        var at = id.IndexOf('@');
        if (at <= 0 || at == id.Length - 1) return "identifiant sans « @ »";
        foreach (var c in id)
        {
            if (c <= ' ' || c > '~' || c is '<' or '>') return "caractère interdit dans l'identifiant";
        }
        return null;
    }

    /// <summary>Removes surrounding angle brackets and spaces of a Message-ID.</summary>
    public static string StripAngles(string messageId) => Collab.Domain.Mail.MailValidator.StripAngles(messageId);

    /// <summary>All problems of <paramref name="mail"/> (empty list = acceptable).</summary>
    public static IReadOnlyList<MailValidationError> Validate(OutgoingMail mail, long maxAttachmentBytes)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var errors = new List<MailValidationError>();

        var to = mail.To ?? [];
        var cc = mail.Cc ?? [];
        if (to.Length == 0) errors.Add(new("To", "Aucun destinataire : indiquez au moins une adresse."));
        if (to.Length + cc.Length > MaxRecipients) errors.Add(new("To", $"Trop de destinataires (maximum {MaxRecipients})."));
        for (var i = 0; i < to.Length; i++) CheckRecipient(errors, $"To[{i}]", "Destinataire", to[i]);
        for (var i = 0; i < cc.Length; i++) CheckRecipient(errors, $"Cc[{i}]", "Copie", cc[i]);
        if (mail.ReplyTo is not null) CheckRecipient(errors, "ReplyTo", "Adresse de réponse", mail.ReplyTo);

        var subject = mail.Subject ?? "";
        if (ContainsControlCharacter(subject))
            errors.Add(new("Subject", "L'objet contient un retour à la ligne ou un caractère de contrôle, ce qui est interdit."));
        else if (string.IsNullOrWhiteSpace(subject))
            errors.Add(new("Subject", "L'objet est vide."));
        else if (subject.Length > MaxSubjectLength)
            errors.Add(new("Subject", $"L'objet est trop long (maximum {MaxSubjectLength} caractères)."));

        if (mail.TextBody is null) errors.Add(new("TextBody", "Le texte du message est absent."));
        if (mail.TextBody is not null && mail.TextBody.Contains('\0')) errors.Add(new("TextBody", "Le texte du message contient un caractère nul."));
        if (mail.HtmlBody is not null && mail.HtmlBody.Contains('\0')) errors.Add(new("HtmlBody", "Le message HTML contient un caractère nul."));

        if (mail.InReplyTo is not null && CheckMessageId(mail.InReplyTo) is { } r1)
            errors.Add(new("InReplyTo", $"Référence de réponse (In-Reply-To) invalide : {r1}."));
        var refs = mail.References ?? [];
        for (var i = 0; i < refs.Length; i++)
        {
            if (CheckMessageId(refs[i]) is { } r) errors.Add(new($"References[{i}]", $"Référence de fil (References) invalide : {r}."));
        }
        if (mail.MessageId is not null && CheckMessageId(mail.MessageId) is { } r2)
            errors.Add(new("MessageId", $"Identifiant de message invalide : {r2}."));

        long total = 0;
        var attachments = mail.Attachments ?? [];
        for (var i = 0; i < attachments.Length; i++)
        {
            var a = attachments[i];
            var field = $"Attachments[{i}]";
            if (a is null || a.Content is null) { errors.Add(new(field, "Pièce jointe vide.")); continue; }
            total += a.Content.LongLength;
            if (string.IsNullOrWhiteSpace(a.FileName)) errors.Add(new(field, "Pièce jointe sans nom."));
            else if (ContainsControlCharacter(a.FileName)) errors.Add(new(field, $"Le nom de la pièce jointe contient un caractère de contrôle."));
            else if (a.FileName.IndexOfAny(['/', '\\', '"']) >= 0) errors.Add(new(field, $"Le nom de la pièce jointe « {a.FileName} » contient un caractère interdit (/ \\ \")."));
            else if (a.FileName.Length > 200) errors.Add(new(field, "Le nom de la pièce jointe est trop long."));
            if (string.IsNullOrWhiteSpace(a.ContentType) || ContainsControlCharacter(a.ContentType) || !ContentType.TryParse(a.ContentType, out _))
                errors.Add(new(field, $"Type de la pièce jointe « {a.FileName} » invalide."));
        }
        if (total > maxAttachmentBytes)
            errors.Add(new("Attachments", $"Pièces jointes trop volumineuses : {FormatSize(total)} pour un maximum de {FormatSize(maxAttachmentBytes)}."));

        return errors;
    }

    /// <summary>Throws <see cref="MailValidationException"/> when the mail is not acceptable.</summary>
    public static void EnsureValid(OutgoingMail mail, long maxAttachmentBytes)
    {
        var errors = Validate(mail, maxAttachmentBytes);
        if (errors.Count > 0) throw new MailValidationException(errors);
    }

    private static void CheckRecipient(List<MailValidationError> errors, string field, string label, MailRecipient? r)
    {
        if (r is null) { errors.Add(new(field, $"{label} : adresse vide.")); return; }
        if (CheckAddress(r.Address) is { } reason)
            errors.Add(new(field, $"{label} « {Printable(r.Address)} » refusé : {reason}."));
        if (r.DisplayName is not null)
        {
            if (ContainsControlCharacter(r.DisplayName))
                errors.Add(new(field, $"{label} : le nom « {Printable(r.DisplayName)} » contient un retour à la ligne ou un caractère de contrôle, ce qui est interdit."));
            else if (r.DisplayName.Length > MaxDisplayNameLength)
                errors.Add(new(field, $"{label} : nom trop long."));
        }
    }

    /// <summary>Shows control characters visibly in error messages (never echo a raw CR/LF).</summary>
    internal static string Printable(string? value)
    {
        if (value is null) return "";
        var sb = new System.Text.StringBuilder(value.Length);
        foreach (var c in value.Length > 80 ? value[..80] + "…" : value)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029') sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    internal static string FormatSize(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.GetCultureInfo("fr-FR"), $"{bytes / (1024.0 * 1024.0):0.0} Mo")
        : string.Create(CultureInfo.GetCultureInfo("fr-FR"), $"{bytes / 1024.0:0.0} Ko");
}
