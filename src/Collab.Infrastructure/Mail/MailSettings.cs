namespace Collab.Infrastructure.Mail;

/// <summary>How the connection to a mail server is secured.</summary>
public enum MailSecurity
{
    /// <summary>Plain TCP (loopback test servers, internal relays).</summary>
    None,
    /// <summary>Plain connection upgraded with STARTTLS (usually port 587 / 143); refused if the server does not offer it.</summary>
    StartTls,
    /// <summary>TLS from the first byte (usually port 465 / 993).</summary>
    SslOnConnect,
}

/// <summary>
/// Outgoing mail (SMTP) settings of the whole application. The password is held in clear only in
/// memory; persist it through <see cref="MailSettingsProtector"/>.
/// </summary>
public sealed record MailSettings
{
    public string Host { get; init; } = "localhost";
    public int Port { get; init; } = 25;
    public MailSecurity Security { get; init; } = MailSecurity.StartTls;
    /// <summary>Login; null or empty = no authentication.</summary>
    public string? UserName { get; init; }
    public string? Password { get; init; }
    public string FromAddress { get; init; } = "";
    public string? FromName { get; init; }
    /// <summary>Reply-To used when a mail does not set its own (e.g. the purchasing mailbox).</summary>
    public string? DefaultReplyTo { get; init; }
    /// <summary>Right-hand side of generated Message-IDs; defaults to the domain of <see cref="FromAddress"/>.</summary>
    public string? MessageIdDomain { get; init; }
    /// <summary>Maximum total size of the attachments of one mail, in bytes (default 10 MB).</summary>
    public long MaxAttachmentBytes { get; init; } = 10L * 1024 * 1024;
    /// <summary>Network timeout of one SMTP operation.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The domain used in Message-IDs.</summary>
    public string EffectiveMessageIdDomain
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(MessageIdDomain)) return MessageIdDomain.Trim();
            var at = FromAddress.LastIndexOf('@');
            return at >= 0 && at < FromAddress.Length - 1 ? FromAddress[(at + 1)..].Trim() : "collab.local";
        }
    }

    public override string ToString() =>
        $"MailSettings {{ Host = {Host}, Port = {Port}, Security = {Security}, UserName = {UserName}, Password = {(string.IsNullOrEmpty(Password) ? "" : "***")}, From = {FromAddress} }}";
}

/// <summary>Incoming mail (IMAP) settings of one polled mailbox (e.g. the purchasing mailbox).</summary>
public sealed record MailboxSettings
{
    public string Host { get; init; } = "localhost";
    public int Port { get; init; } = 143;
    public MailSecurity Security { get; init; } = MailSecurity.StartTls;
    public string UserName { get; init; } = "";
    public string? Password { get; init; }
    /// <summary>Folder to poll ("INBOX" by default).</summary>
    public string Folder { get; init; } = "INBOX";
    /// <summary>At most this many messages are fetched per poll (the rest come next time).</summary>
    public int MaxMessagesPerPoll { get; init; } = 200;
    /// <summary>A message larger than this (RFC822.SIZE) is recorded from its envelope and never downloaded.</summary>
    public long MaxMessageBytes { get; init; } = 10L * 1024 * 1024;
    /// <summary>Text body kept, in characters (the rest is cut and the mail flagged "tronqué").</summary>
    public int MaxTextChars { get; init; } = 20_000;
    /// <summary>Sanitised HTML body kept, in characters.</summary>
    public int MaxHtmlChars { get; init; } = 50_000;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>First delay after a failure; doubled at each consecutive failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>Normal delay between two successful polls.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(1);

    public override string ToString() =>
        $"MailboxSettings {{ Host = {Host}, Port = {Port}, Security = {Security}, UserName = {UserName}, Password = {(string.IsNullOrEmpty(Password) ? "" : "***")}, Folder = {Folder} }}";
}
