using Collab.Contracts;
namespace Collab.Infrastructure.Mail;

/// <summary>A mailbox: address plus optional display name ("Jeanne Martin" &lt;jeanne@acme.fr&gt;).</summary>
public sealed record MailRecipient(string Address, string? DisplayName = null)
{
    public override string ToString() => string.IsNullOrEmpty(DisplayName) ? Address : $"{DisplayName} <{Address}>";
}

/// <summary>A file attached to a mail. <paramref name="ContentType"/> may carry parameters (e.g. <c>text/calendar; method=REQUEST</c>).</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// A mail to send. Collections are arrays (not interfaces) so the record can be kept in grain
/// state (the JSON storage serializer records runtime type names).
/// </summary>
public sealed record OutgoingMail
{
    public MailRecipient[] To { get; init; } = [];
    public MailRecipient[] Cc { get; init; } = [];
    public string Subject { get; init; } = "";
    public string TextBody { get; init; } = "";
    /// <summary>Optional HTML alternative of <see cref="TextBody"/>.</summary>
    public string? HtmlBody { get; init; }
    /// <summary>Reply-To; when null the <see cref="MailSettings.DefaultReplyTo"/> is used.</summary>
    public MailRecipient? ReplyTo { get; init; }
    public MailAttachment[] Attachments { get; init; } = [];
    /// <summary>Message-ID (without angle brackets) of the mail this one answers, for threading.</summary>
    public string? InReplyTo { get; init; }
    /// <summary>Message-IDs of the thread, oldest first (without angle brackets).</summary>
    public string[] References { get; init; } = [];
    /// <summary>
    /// Message-ID to use (without angle brackets). Leave null to have one generated; set it to
    /// the value returned by an earlier attempt to retry the same mail under the same identity.
    /// </summary>
    public string? MessageId { get; init; }
}

/// <summary>Outcome of a successful send: the Message-ID under which the mail left.</summary>
public sealed record SentMail(string MessageId, DateTimeOffset SentAt, int RecipientCount);

/// <summary>The one mail sender of the application (SMTP).</summary>
public interface IMailSender
{
    /// <summary>Validates then sends <paramref name="mail"/>; returns the Message-ID used.</summary>
    /// <exception cref="MailValidationException">The mail is refused; nothing was sent.</exception>
    /// <exception cref="MailDeliveryException">The server could not be reached or refused the mail.</exception>
    Task<SentMail> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default);
}

/// <summary>Where the sender reads its current settings (configuration, or the administration page's storage).</summary>
public interface IMailSettingsProvider
{
    ValueTask<MailSettings> GetAsync(CancellationToken cancellationToken = default);
}

/// <summary>Settings fixed at construction (tests, command line).</summary>
public sealed class FixedMailSettingsProvider(MailSettings settings) : IMailSettingsProvider
{
    public ValueTask<MailSettings> GetAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(settings);
}

/// <summary>One problem found in a mail: the field and the typed reason the pages word.</summary>
public sealed record MailValidationError(string Field, RefusalReason Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}

/// <summary>The mail was refused before anything was sent.</summary>
public sealed class MailValidationException : Exception
{
    public MailValidationException(IReadOnlyList<MailValidationError> errors)
        : base("Mail refused, nothing was sent: " + string.Join("; ", errors.Select(e => e.ToString())))
    {
        Errors = [.. errors];
    }

    public MailValidationError[] Errors { get; }
}

/// <summary>The SMTP server could not be reached, refused the login or the mail. <see cref="Reason"/> is what the pages word;
/// the message is its neutral form, for logs.</summary>
public sealed class MailDeliveryException(RefusalReason reason, Exception? inner = null) : Exception(reason.ToString(), inner)
{
    public RefusalReason Reason { get; } = reason;
}

/// <summary>The typed reasons of a failed send, for the pages to word (validation: one per problem; server and settings: one).</summary>
public static class MailFailure
{
    public static IReadOnlyList<RefusalReason> Reasons(Exception e) => e switch
    {
        MailValidationException v => [.. v.Errors.Select(x => x.Reason)],
        MailDeliveryException d => [d.Reason],
        MailSettingsException s => [s.Reason],
        _ => [new(Refusal.MailSendFailed, "—", e.Message)],
    };
}
