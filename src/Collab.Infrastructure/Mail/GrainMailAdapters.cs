using Collab.Contracts.FollowUps;
using Microsoft.Extensions.Options;

namespace Collab.Infrastructure.Mail;

/// <summary>Converts the stored configuration to the infrastructure's settings (password unprotected on the way).</summary>
public static class MailConfigurationMapping
{
    public static MailSettings ToSettings(SmtpConfiguration smtp, MailSettingsProtector protector) => protector.Unprotect(new PersistedMailSettings
    {
        Host = smtp.Host,
        Port = smtp.Port,
        Security = (MailSecurity)(int)smtp.Security,
        UserName = string.IsNullOrWhiteSpace(smtp.UserName) ? null : smtp.UserName,
        ProtectedPassword = smtp.ProtectedPassword,
        FromAddress = smtp.FromAddress,
        FromName = smtp.FromName,
        DefaultReplyTo = string.IsNullOrWhiteSpace(smtp.DefaultReplyTo) ? null : smtp.DefaultReplyTo,
    });

    public static MailboxSettings ToSettings(ImapConfiguration imap, MailSettingsProtector protector) => protector.Unprotect(new PersistedMailboxSettings
    {
        Host = imap.Host,
        Port = imap.Port,
        Security = (MailSecurity)(int)imap.Security,
        UserName = imap.UserName,
        ProtectedPassword = imap.ProtectedPassword,
        Folder = imap.Folder,
    }) with { Timeout = TimeSpan.FromSeconds(15) };
}

/// <summary>
/// The app's <see cref="IMailSettingsProvider"/>: the SMTP settings stored by the administration page, else the
/// configuration section "Collab:Mail" (so a host configured by file keeps working until an administrator saves).
/// </summary>
public sealed class GrainMailSettingsProvider(IGrainFactory grains, MailSettingsProtector protector, IOptionsMonitor<MailSettings> fallback, string site) : IMailSettingsProvider
{
    public async ValueTask<MailSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        var configuration = await grains.GetGrain<IMailSettingsGrain>(site).GetAsync();
        return configuration.Smtp is { } smtp ? MailConfigurationMapping.ToSettings(smtp, protector) : fallback.CurrentValue;
    }
}

/// <summary>IMAP watermark kept by the site's mailbox grain (survives restarts in both storage modes).</summary>
public sealed class GrainMailboxCursorStore(IGrainFactory grains, string site) : IMailboxCursorStore
{
    public async ValueTask<MailboxCursor?> GetAsync(string mailboxKey, CancellationToken cancellationToken = default) =>
        await grains.GetGrain<IMailboxGrain>(site).GetCursorAsync(mailboxKey) is { } c ? new MailboxCursor(c.UidValidity, c.LastUid) : null;

    public async ValueTask SaveAsync(string mailboxKey, MailboxCursor cursor, CancellationToken cancellationToken = default) =>
        await grains.GetGrain<IMailboxGrain>(site).SaveCursorAsync(mailboxKey, cursor.UidValidity, cursor.LastUid);
}
