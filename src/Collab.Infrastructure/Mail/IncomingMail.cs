using System.Net;
using System.Text.RegularExpressions;
using Collab.Contracts.FollowUps;
using MailKit;
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
    /// <summary>Size of the whole message in bytes (IMAP RFC822.SIZE; 0 when unknown).</summary>
    public long Size { get; init; }
    /// <summary>Whether the bodies are whole, cut at the limits ("tronqué"), or not downloaded at all (too large).</summary>
    public MailBodyState BodyState { get; init; } = MailBodyState.Complete;
}

/// <summary>The caps applied to a received mail's bodies (from <see cref="MailLimits"/>).</summary>
public sealed record MailBodyLimits(int MaxTextChars, int MaxHtmlChars)
{
    public static MailBodyLimits Default { get; } = From(new MailLimits());

    public static MailBodyLimits From(MailLimits limits) => new(limits.MaxTextChars, limits.MaxHtmlChars);
}

/// <summary>MIME message → <see cref="IncomingMail"/>, bodies capped (issue 16 item 4).</summary>
public static partial class IncomingMailParser
{
    public static IncomingMail Parse(MimeMessage message, uint uid = 0, uint uidValidity = 0, MailBodyLimits? limits = null, long size = 0)
    {
        ArgumentNullException.ThrowIfNull(message);
        limits ??= MailBodyLimits.Default;
        var truncated = false;
        var html = message.HtmlBody;
        var text = message.TextBody;
        // The raw HTML is cut before sanitising (the sanitiser's work stays bounded), the output cut again below.
        var rawHtmlCap = limits.MaxHtmlChars * 4;
        if (html is not null && html.Length > rawHtmlCap)
        {
            html = html[..rawHtmlCap];
            truncated = true;
        }

        if (string.IsNullOrEmpty(text) && !string.IsNullOrEmpty(html)) text = HtmlToText(html);
        text ??= "";
        if (text.Length > limits.MaxTextChars)
        {
            text = text[..limits.MaxTextChars];
            truncated = true;
        }

        string? safeHtml = null;
        if (html is not null)
        {
            safeHtml = HtmlSanitizer.Sanitize(html);
            if (safeHtml.Length > limits.MaxHtmlChars)
            {
                safeHtml = CapHtml(safeHtml, limits.MaxHtmlChars);
                truncated = true;
            }
        }

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
            TextBody = text,
            SanitizedHtmlBody = safeHtml,
            Attachments = [.. attachments],
            Size = size,
            BodyState = truncated ? MailBodyState.Truncated : MailBodyState.Complete,
        };
    }

    /// <summary>
    /// A mail too large to download (issue 16 item 4): what the IMAP envelope says (sender, recipients, subject, date,
    /// Message-ID, In-Reply-To) and the size, no body.
    /// </summary>
    public static IncomingMail FromEnvelope(Envelope envelope, IEnumerable<string>? references, long size, uint uid, uint uidValidity)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var from = envelope.From.Mailboxes.FirstOrDefault();
        return new IncomingMail
        {
            Uid = uid,
            UidValidity = uidValidity,
            MessageId = NullIfEmpty(envelope.MessageId),
            InReplyTo = NullIfEmpty(envelope.InReplyTo),
            References = references is null ? [] : [.. references],
            From = from is null ? null : new MailRecipient(Clean(from.Address), NullIfEmpty(Clean(from.Name ?? ""))),
            To = [.. envelope.To.Mailboxes.Select(m => new MailRecipient(Clean(m.Address), NullIfEmpty(Clean(m.Name ?? ""))))],
            Subject = Clean(envelope.Subject ?? ""),
            Date = envelope.Date ?? default,
            Size = size,
            BodyState = MailBodyState.NotDownloaded,
        };
    }

    /// <summary>
    /// Sanitised HTML cut to <paramref name="max"/> characters: never inside a tag or an entity (the cut moves before it),
    /// then sanitised again so open elements are closed.
    /// </summary>
    public static string CapHtml(string safeHtml, int max)
    {
        if (safeHtml.Length <= max) return safeHtml;
        var cut = safeHtml[..max];
        var lt = cut.LastIndexOf('<');
        if (lt >= 0 && cut.IndexOf('>', lt) < 0) cut = cut[..lt];
        var amp = cut.LastIndexOf('&');
        if (amp >= 0 && cut.IndexOf(';', amp) < 0) cut = cut[..amp];
        // The closing tags the sanitiser adds may pass the cap by a few characters per open element (bounded by the cut text).
        return HtmlSanitizer.Sanitize(cut);
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
