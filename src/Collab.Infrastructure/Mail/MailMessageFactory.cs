using Collab.Contracts;
using System.Globalization;
using System.Security.Cryptography;
using MimeKit;

namespace Collab.Infrastructure.Mail;

/// <summary>Generates Message-IDs: <c>collab.{UTC timestamp}.{128 random bits}@{our domain}</c>.</summary>
public static class MessageIds
{
    public static string New(string domain, DateTimeOffset now)
    {
        if (MailValidator.CheckMessageId("x@" + domain) is not null)
            throw new MailSettingsException(new(Refusal.MailMessageIdDomainInvalid, MailValidator.Printable(domain)));
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return string.Create(CultureInfo.InvariantCulture,
            $"collab.{now.UtcDateTime:yyyyMMddHHmmss}.{Convert.ToHexStringLower(random)}@{domain}");
    }
}

/// <summary>Turns a validated <see cref="OutgoingMail"/> into a MIME message.</summary>
public static class MailMessageFactory
{
    /// <summary>Builds the MIME message. The mail must have passed <see cref="MailValidator"/>.</summary>
    public static MimeMessage Create(MailSettings settings, OutgoingMail mail, string messageId, DateTimeOffset date)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName ?? "", settings.FromAddress));
        foreach (var r in mail.To) message.To.Add(ToMailbox(r));
        foreach (var r in mail.Cc) message.Cc.Add(ToMailbox(r));
        var replyTo = mail.ReplyTo;
        if (replyTo is null && !string.IsNullOrWhiteSpace(settings.DefaultReplyTo)) replyTo = new MailRecipient(settings.DefaultReplyTo);
        if (replyTo is not null) message.ReplyTo.Add(ToMailbox(replyTo));
        message.Subject = mail.Subject;
        message.Date = date;
        message.MessageId = messageId;
        if (mail.InReplyTo is not null) message.InReplyTo = MailValidator.StripAngles(mail.InReplyTo);
        foreach (var reference in mail.References) message.References.Add(MailValidator.StripAngles(reference));
        if (mail.InReplyTo is not null && !message.References.Contains(MailValidator.StripAngles(mail.InReplyTo)))
            message.References.Add(MailValidator.StripAngles(mail.InReplyTo));
        message.Headers.Add("X-Mailer", "Collab");

        var body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody };
        foreach (var a in mail.Attachments)
        {
            body.Attachments.Add(a.FileName, a.Content, ContentType.Parse(a.ContentType));
        }
        message.Body = body.ToMessageBody();
        return message;
    }

    private static MailboxAddress ToMailbox(MailRecipient r) => new(r.DisplayName ?? "", r.Address);
}
