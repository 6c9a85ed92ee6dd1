using Collab.Contracts;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Collab.Infrastructure.Mail;

/// <summary>Form of <see cref="MailSettings"/> that may be written to storage: the password is protected.</summary>
public sealed record PersistedMailSettings
{
    public string Host { get; init; } = "localhost";
    public int Port { get; init; } = 25;
    public MailSecurity Security { get; init; } = MailSecurity.StartTls;
    public string? UserName { get; init; }
    /// <summary>Password protected with ASP.NET Core Data Protection (null = none).</summary>
    public string? ProtectedPassword { get; init; }
    public string FromAddress { get; init; } = "";
    public string? FromName { get; init; }
    public string? DefaultReplyTo { get; init; }
    public string? MessageIdDomain { get; init; }
    public long MaxAttachmentBytes { get; init; } = 10L * 1024 * 1024;
    public int TimeoutSeconds { get; init; } = 30;
}

/// <summary>Form of <see cref="MailboxSettings"/> that may be written to storage.</summary>
public sealed record PersistedMailboxSettings
{
    public string Host { get; init; } = "localhost";
    public int Port { get; init; } = 143;
    public MailSecurity Security { get; init; } = MailSecurity.StartTls;
    public string UserName { get; init; } = "";
    public string? ProtectedPassword { get; init; }
    public string Folder { get; init; } = "INBOX";
}

/// <summary>
/// Protects mail passwords with ASP.NET Core Data Protection before they are persisted, and
/// unprotects them when the settings are loaded. The key ring must be persisted and shared by
/// every silo (configured by the host), otherwise a restart cannot read the password back.
/// </summary>
public sealed class MailSettingsProtector
{
    /// <summary>Data Protection purpose string; changing it makes stored passwords unreadable.</summary>
    public const string Purpose = "Collab.Mail.Settings.Password.v1";

    private readonly IDataProtector _protector;

    public MailSettingsProtector(IDataProtectionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _protector = provider.CreateProtector(Purpose);
    }

    public string? ProtectPassword(string? password) =>
        string.IsNullOrEmpty(password) ? null : _protector.Protect(password);

    /// <exception cref="MailSettingsException">The protected value cannot be read (other key ring, tampered).</exception>
    public string? UnprotectPassword(string? protectedPassword)
    {
        if (string.IsNullOrEmpty(protectedPassword)) return null;
        try
        {
            return _protector.Unprotect(protectedPassword);
        }
        catch (CryptographicException ex)
        {
            throw new MailSettingsException(new(Refusal.MailPasswordUnreadable), ex);
        }
    }

    public PersistedMailSettings Protect(MailSettings settings) => new()
    {
        Host = settings.Host,
        Port = settings.Port,
        Security = settings.Security,
        UserName = settings.UserName,
        ProtectedPassword = ProtectPassword(settings.Password),
        FromAddress = settings.FromAddress,
        FromName = settings.FromName,
        DefaultReplyTo = settings.DefaultReplyTo,
        MessageIdDomain = settings.MessageIdDomain,
        MaxAttachmentBytes = settings.MaxAttachmentBytes,
        TimeoutSeconds = (int)Math.Ceiling(settings.Timeout.TotalSeconds),
    };

    public MailSettings Unprotect(PersistedMailSettings stored) => new()
    {
        Host = stored.Host,
        Port = stored.Port,
        Security = stored.Security,
        UserName = stored.UserName,
        Password = UnprotectPassword(stored.ProtectedPassword),
        FromAddress = stored.FromAddress,
        FromName = stored.FromName,
        DefaultReplyTo = stored.DefaultReplyTo,
        MessageIdDomain = stored.MessageIdDomain,
        MaxAttachmentBytes = stored.MaxAttachmentBytes,
        Timeout = TimeSpan.FromSeconds(Math.Max(1, stored.TimeoutSeconds)),
    };

    public PersistedMailboxSettings Protect(MailboxSettings settings) => new()
    {
        Host = settings.Host,
        Port = settings.Port,
        Security = settings.Security,
        UserName = settings.UserName,
        ProtectedPassword = ProtectPassword(settings.Password),
        Folder = settings.Folder,
    };

    public MailboxSettings Unprotect(PersistedMailboxSettings stored) => new()
    {
        Host = stored.Host,
        Port = stored.Port,
        Security = stored.Security,
        UserName = stored.UserName,
        Password = UnprotectPassword(stored.ProtectedPassword),
        Folder = stored.Folder,
    };
}

/// <summary>Mail settings are missing or unusable. Message in French, for the administrator.</summary>
public sealed class MailSettingsException(RefusalReason reason, Exception? inner = null) : Exception(reason.ToString(), inner)
{
    /// <summary>What the pages word.</summary>
    public RefusalReason Reason { get; } = reason;
}
