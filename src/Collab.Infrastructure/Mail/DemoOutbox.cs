using Collab.Contracts;
using System.Globalization;
using MimeKit;

namespace Collab.Infrastructure.Mail;

/// <summary>A file attached to a demo-outbox mail (index = position in the mail, for the download link).</summary>
public sealed record DemoOutboxAttachment(int Index, string FileName, string ContentType, long Size);

/// <summary>A mail kept by the demo outbox, as the outbox page shows it.</summary>
public sealed record DemoOutboxMail(
    string Id,
    DateTimeOffset SentAt,
    string MessageId,
    string[] References,
    MailRecipient[] To,
    MailRecipient? ReplyTo,
    string Subject,
    string TextBody,
    string? SanitizedHtmlBody,
    DemoOutboxAttachment[] Attachments);

/// <summary>
/// The built-in demo outbox of the embedded demo (issue 12): when no SMTP server is configured, outgoing mail is
/// written as <c>.eml</c> files under <c>{data}/demo-outbox</c> instead of being sent. Nothing leaves the machine.
/// The outbox page lists them (attachments downloadable) and can drop a supplier's reply into the mailbox's
/// normal matching path. Only the most recent <see cref="MaxMails"/> files are kept.
/// </summary>
public sealed class DemoOutbox(string directory, TimeProvider clock)
{
    public const string FromAddress = "achats@demo.collab.invalid";
    public const string Domain = "demo.collab.invalid";
    public const int MaxMails = 500;

    private static readonly MailSettings Settings = new()
    {
        Host = "demo-outbox",
        FromAddress = FromAddress,
        FromName = "Collab (démo)",
        MessageIdDomain = Domain,
    };

    private readonly SemaphoreSlim gate = new(1, 1);

    public string Directory { get; } = directory;

    /// <summary>Validates the mail like the SMTP sender does, then stores it; returns its Message-ID.</summary>
    public async Task<SentMail> SaveAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        MailValidator.EnsureValid(mail, Settings.MaxAttachmentBytes);
        var now = clock.GetUtcNow();
        var messageId = mail.MessageId is null ? MessageIds.New(Domain, now) : MailValidator.StripAngles(mail.MessageId);
        var message = MailMessageFactory.Create(Settings, mail, messageId, now);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var name = string.Create(CultureInfo.InvariantCulture, $"{now.UtcDateTime:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
            var path = Path.Combine(Directory, name);
            await using (var file = File.Create(path + ".tmp"))
            {
                await message.WriteToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(path + ".tmp", path);
            foreach (var old in Files().Skip(MaxMails))
            {
                File.Delete(old);
            }
        }
        catch (IOException e)
        {
            throw new MailDeliveryException(new(Refusal.MailOutboxNotWritable, Directory, e.Message), e);
        }
        finally
        {
            gate.Release();
        }

        return new SentMail(messageId, now, mail.To.Length + mail.Cc.Length);
    }

    /// <summary>The kept mails, newest first.</summary>
    public async Task<IReadOnlyList<DemoOutboxMail>> ListAsync(int max = 200, CancellationToken cancellationToken = default)
    {
        var result = new List<DemoOutboxMail>();
        foreach (var path in Files().Take(max))
        {
            if (await LoadAsync(path, cancellationToken).ConfigureAwait(false) is { } mail)
            {
                result.Add(mail);
            }
        }

        return result;
    }

    public async Task<DemoOutboxMail?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        PathOf(id) is { } path ? await LoadAsync(path, cancellationToken).ConfigureAwait(false) : null;

    /// <summary>The content of one attachment (the page's download link).</summary>
    public async Task<MailAttachment?> GetAttachmentAsync(string id, int index, CancellationToken cancellationToken = default)
    {
        if (PathOf(id) is not { } path)
        {
            return null;
        }

        var message = await MimeMessage.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        var part = message.Attachments.OfType<MimePart>().ElementAtOrDefault(index);
        if (part?.Content is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await part.Content.DecodeToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return new MailAttachment(part.FileName ?? $"piece-jointe-{index + 1}", part.ContentType.MimeType, buffer.ToArray());
    }

    private IEnumerable<string> Files() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "*.eml").OrderByDescending(Path.GetFileName, StringComparer.Ordinal)
            : [];

    /// <summary>Ids are file names without extension; anything else (path separators, dots) is refused.</summary>
    private string? PathOf(string id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 80 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return null;
        }

        var path = Path.Combine(Directory, id + ".eml");
        return File.Exists(path) ? path : null;
    }

    private static async Task<DemoOutboxMail?> LoadAsync(string path, CancellationToken cancellationToken)
    {
        MimeMessage message;
        try
        {
            message = await MimeMessage.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return null;
        }

        var parsed = IncomingMailParser.Parse(message);
        var attachments = parsed.Attachments.Select((a, i) => new DemoOutboxAttachment(i, a.FileName, a.ContentType, a.Size)).ToArray();
        var replyTo = message.ReplyTo.Mailboxes.FirstOrDefault();
        return new DemoOutboxMail(Path.GetFileNameWithoutExtension(path), message.Date, parsed.MessageId ?? "", parsed.References, parsed.To,
            replyTo is null ? null : new MailRecipient(replyTo.Address, string.IsNullOrEmpty(replyTo.Name) ? null : replyTo.Name),
            parsed.Subject, parsed.TextBody, parsed.SanitizedHtmlBody, attachments);
    }
}
