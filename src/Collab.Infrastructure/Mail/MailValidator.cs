using Collab.Contracts;
using System.Globalization;
using MimeKit;

namespace Collab.Infrastructure.Mail;

/// <summary>
/// Strict checks applied to every outgoing mail before anything is sent: addresses parsed
/// strictly, no control character (CR, LF, TAB, NUL, DEL, C1, U+2028/2029…) in any header field,
/// attachment size limit. Errors are collected (all of them, not only the first), typed: the pages word them.
/// </summary>
public static class MailValidator
{
    public const int MaxSubjectLength = 400;
    public const int MaxDisplayNameLength = 200;
    public const int MaxAddressLength = 254;
    public const int MaxRecipients = 100;

    /// <summary>True when <paramref name="value"/> contains a character that must never appear in a header.</summary>
    public static bool ContainsControlCharacter(string? value) => Collab.Domain.Mail.MailValidator.ContainsControlCharacter(value);

    /// <summary>Checks one address (addr-spec only, no display name): the pure syntax rules, then the MIME parser. Null when valid, else the reason.</summary>
    public static RefusalTerm? CheckAddress(string? address)
    {
        if (Collab.Domain.Mail.MailValidator.CheckAddress(address) is { } reason) return reason;
        if (!MailboxAddress.TryParse(ParserOptions.Default, address, out var parsed) || parsed is null)
            return RefusalTerm.AddressUnreadable;
        if (!string.Equals(parsed.Address, address, StringComparison.Ordinal) || !string.IsNullOrEmpty(parsed.Name))
            return RefusalTerm.AddressAmbiguous;
        return null;
    }

    /// <summary>Checks a Message-ID (with or without angle brackets). Returns null when valid, else the reason.</summary>
    public static RefusalTerm? CheckMessageId(string? messageId)
    {
        if (string.IsNullOrWhiteSpace(messageId)) return RefusalTerm.MessageIdEmpty;
        if (ContainsControlCharacter(messageId)) return RefusalTerm.ControlCharacter;
        var id = StripAngles(messageId);
        if (id.Length is 0 or > 250) return RefusalTerm.MessageIdLength;
        var at = id.IndexOf('@');
        if (at <= 0 || at == id.Length - 1) return RefusalTerm.MessageIdNoAtSign;
        foreach (var c in id)
        {
            if (c <= ' ' || c > '~' || c is '<' or '>') return RefusalTerm.MessageIdForbiddenCharacter;
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
        if (to.Length == 0) errors.Add(new("To", new(Refusal.MailNoRecipientAddress)));
        if (to.Length + cc.Length > MaxRecipients) errors.Add(new("To", new(Refusal.MailTooManyRecipients, MaxRecipients)));
        for (var i = 0; i < to.Length; i++) CheckRecipient(errors, $"To[{i}]", RefusalTerm.MailTo, to[i]);
        for (var i = 0; i < cc.Length; i++) CheckRecipient(errors, $"Cc[{i}]", RefusalTerm.MailCc, cc[i]);
        if (mail.ReplyTo is not null) CheckRecipient(errors, "ReplyTo", RefusalTerm.MailReplyTo, mail.ReplyTo);

        var subject = mail.Subject ?? "";
        if (ContainsControlCharacter(subject))
            errors.Add(new("Subject", new(Refusal.MailSubjectControlCharacter)));
        else if (string.IsNullOrWhiteSpace(subject))
            errors.Add(new("Subject", new(Refusal.MailSubjectEmpty)));
        else if (subject.Length > MaxSubjectLength)
            errors.Add(new("Subject", new(Refusal.MailSubjectTooLong, MaxSubjectLength)));

        if (mail.TextBody is null) errors.Add(new("TextBody", new(Refusal.MailBodyMissing)));
        if (mail.TextBody is not null && mail.TextBody.Contains('\0')) errors.Add(new("TextBody", new(Refusal.MailBodyNullCharacter)));
        if (mail.HtmlBody is not null && mail.HtmlBody.Contains('\0')) errors.Add(new("HtmlBody", new(Refusal.MailHtmlNullCharacter)));

        if (mail.InReplyTo is not null && CheckMessageId(mail.InReplyTo) is { } r1)
            errors.Add(new("InReplyTo", new(Refusal.MailHeaderInvalid, RefusalTerm.MailInReplyTo, r1)));
        var refs = mail.References ?? [];
        for (var i = 0; i < refs.Length; i++)
        {
            if (CheckMessageId(refs[i]) is { } r) errors.Add(new($"References[{i}]", new(Refusal.MailHeaderInvalid, RefusalTerm.MailReferences, r)));
        }
        if (mail.MessageId is not null && CheckMessageId(mail.MessageId) is { } r2)
            errors.Add(new("MessageId", new(Refusal.MailHeaderInvalid, RefusalTerm.MailMessageId, r2)));

        long total = 0;
        var attachments = mail.Attachments ?? [];
        for (var i = 0; i < attachments.Length; i++)
        {
            var a = attachments[i];
            var field = $"Attachments[{i}]";
            if (a is null || a.Content is null) { errors.Add(new(field, new(Refusal.MailAttachmentEmpty))); continue; }
            total += a.Content.LongLength;
            if (string.IsNullOrWhiteSpace(a.FileName)) errors.Add(new(field, new(Refusal.MailAttachmentNoName)));
            else if (ContainsControlCharacter(a.FileName)) errors.Add(new(field, new(Refusal.MailAttachmentNameControlCharacter)));
            else if (a.FileName.IndexOfAny(['/', '\\', '"']) >= 0) errors.Add(new(field, new(Refusal.MailAttachmentNameForbidden, a.FileName)));
            else if (a.FileName.Length > 200) errors.Add(new(field, new(Refusal.MailAttachmentNameTooLong)));
            if (string.IsNullOrWhiteSpace(a.ContentType) || ContainsControlCharacter(a.ContentType) || !ContentType.TryParse(a.ContentType, out _))
                errors.Add(new(field, new(Refusal.MailAttachmentTypeInvalid, Printable(a.FileName))));
        }
        if (total > maxAttachmentBytes)
            errors.Add(new("Attachments", new(Refusal.MailAttachmentsTooLarge, Megabytes(total), Megabytes(maxAttachmentBytes))));

        return errors;
    }

    /// <summary>Throws <see cref="MailValidationException"/> when the mail is not acceptable.</summary>
    public static void EnsureValid(OutgoingMail mail, long maxAttachmentBytes)
    {
        var errors = Validate(mail, maxAttachmentBytes);
        if (errors.Count > 0) throw new MailValidationException(errors);
    }

    private static void CheckRecipient(List<MailValidationError> errors, string field, RefusalTerm label, MailRecipient? r)
    {
        if (r is null) { errors.Add(new(field, new(Refusal.MailAddressEmpty, label))); return; }
        if (CheckAddress(r.Address) is { } reason)
            errors.Add(new(field, new(Refusal.MailAddressRefused, label, Printable(r.Address), reason)));
        if (r.DisplayName is not null)
        {
            if (ContainsControlCharacter(r.DisplayName))
                errors.Add(new(field, new(Refusal.MailNameControlCharacter, label, Printable(r.DisplayName))));
            else if (r.DisplayName.Length > MaxDisplayNameLength)
                errors.Add(new(field, new(Refusal.MailNameTooLong, label)));
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

    /// <summary>A size in megabytes, rounded up to the hundredth (a refusal's number: the page formats it).</summary>
    internal static double Megabytes(long bytes) => Math.Ceiling(bytes / (1024.0 * 1024.0) * 100) / 100;
}
