using System.Net;
using System.Text.RegularExpressions;
using MimeKit;

namespace Collab.Infrastructure.Mail;

/// <summary>Metadata of a received attachment (content is not kept: fetch it on demand by UID if needed).</summary>
public sealed record IncomingAttachment(string FileName, string ContentType, long Size);

/// <summary>
/// A received mail, parsed for display and matching. Message-IDs are without angle brackets.
/// <see cref="SanitizedHtmlBody"/> has gone through <see cref="HtmlSanitizer"/> and is safe to
/// render; the raw HTML is never exposed. Arrays only, so it can be kept in grain state.
/// </summary>
public sealed record IncomingMail
{
    /// <summary>IMAP UID in its folder (0 when not from IMAP).</summary>
    public uint Uid { get; init; }
    public uint UidValidity { get; init; }
    public string? MessageId { get; init; }
    public string? InReplyTo { get; init; }
    public string[] References { get; init; } = [];
    public MailRecipient? From { get; init; }
    public MailRecipient[] To { get; init; } = [];
    public string Subject { get; init; } = "";
    public DateTimeOffset Date { get; init; }
    public string TextBody { get; init; } = "";
    public string? SanitizedHtmlBody { get; init; }
    public IncomingAttachment[] Attachments { get; init; } = [];
}

/// <summary>MIME message → <see cref="IncomingMail"/>.</summary>
public static partial class IncomingMailParser
{
    public static IncomingMail Parse(MimeMessage message, uint uid = 0, uint uidValidity = 0)
    {
        ArgumentNullException.ThrowIfNull(message);
        var html = message.HtmlBody;
        var text = message.TextBody;
        if (string.IsNullOrEmpty(text) && !string.IsNullOrEmpty(html)) text = HtmlToText(html);

        var attachments = new List<IncomingAttachment>();
        foreach (var entity in message.Attachments)
        {
            var name = entity.ContentDisposition?.FileName ?? entity.ContentType.Name ?? (entity is MessagePart ? "message.eml" : "piece-jointe");
            attachments.Add(new IncomingAttachment(Clean(name), entity.ContentType.MimeType, MeasureSize(entity)));
        }

        var from = message.From.Mailboxes.FirstOrDefault();
        return new IncomingMail
        {
            Uid = uid,
            UidValidity = uidValidity,
            MessageId = NullIfEmpty(message.MessageId),
            InReplyTo = NullIfEmpty(message.InReplyTo),
            References = [.. message.References],
            From = from is null ? null : new MailRecipient(Clean(from.Address), NullIfEmpty(Clean(from.Name ?? ""))),
            To = [.. message.To.Mailboxes.Select(m => new MailRecipient(Clean(m.Address), NullIfEmpty(Clean(m.Name ?? ""))))],
            Subject = Clean(message.Subject ?? ""),
            Date = message.Date,
            TextBody = text ?? "",
            SanitizedHtmlBody = html is null ? null : HtmlSanitizer.Sanitize(html),
            Attachments = [.. attachments],
        };
    }

    /// <summary>Plain-text rendering of an HTML body (tags removed, entities decoded).</summary>
    public static string HtmlToText(string html)
    {
        var safe = HtmlSanitizer.Sanitize(html);
        var withBreaks = BlockEnd().Replace(safe, "\n");
        var noTags = AnyTag().Replace(withBreaks, "");
        return WebUtility.HtmlDecode(noTags).Trim();
    }

    /// <summary>Header values shown to users: control characters replaced by spaces.</summary>
    private static string Clean(string value)
    {
        if (!MailValidator.ContainsControlCharacter(value)) return value;
        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++) if (MailValidator.ContainsControlCharacter(chars[i].ToString())) chars[i] = ' ';
        return new string(chars);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static long MeasureSize(MimeEntity entity)
    {
        using var counter = new CountingStream();
        if (entity is MimePart part) part.Content?.DecodeTo(counter);
        else if (entity is MessagePart mp) mp.Message?.WriteTo(counter);
        return counter.Length;
    }

    [GeneratedRegex(@"<\s*(br|/p|/div|/tr|/li|/h[1-6])\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex AnyTag();

    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
