using Collab.Contracts;
using Collab.Contracts.FollowUps;
using Collab.Infrastructure.Mail;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Collab.Grains.Mail;

/// <summary>Mail settings of a site, stored by the "Messagerie" administration page (passwords protected).</summary>
public sealed class MailSettingsGrain(
    [PersistentState("mailsettings")] IPersistentState<MailSettingsGrainState> state,
    TimeProvider clock) : Grain, IMailSettingsGrain
{
    Task<MailConfiguration> IMailSettingsGrain.GetAsync() => Task.FromResult(View());

    async Task<MailConfiguration> IMailSettingsGrain.SaveAsync(MailConfiguration configuration, long expectedVersion, string user)
    {
        var s = state.State;
        if (expectedVersion != s.Version)
        {
            throw new VersionConflictException(expectedVersion, s.Version, s.ModifiedBy, s.ModifiedAt);
        }

        var errors = new List<string>();
        if (configuration.ReminderDaysBefore is < 0 or > 60)
        {
            errors.Add("Le nombre de jours avant réception doit être compris entre 0 et 60.");
        }

        if (configuration.Smtp is { } smtp)
        {
            if (string.IsNullOrWhiteSpace(smtp.Host) || MailValidator.ContainsControlCharacter(smtp.Host))
            {
                errors.Add("Le serveur SMTP est obligatoire.");
            }

            if (smtp.Port is < 1 or > 65535)
            {
                errors.Add("Le port SMTP doit être compris entre 1 et 65535.");
            }

            if (MailValidator.CheckAddress(smtp.FromAddress) is { } bad)
            {
                errors.Add("Expéditeur : " + bad);
            }

            if (!string.IsNullOrWhiteSpace(smtp.DefaultReplyTo) && MailValidator.CheckAddress(smtp.DefaultReplyTo) is { } badReply)
            {
                errors.Add("Adresse de réponse : " + badReply);
            }
        }

        if (configuration.Imap is { } imap)
        {
            if (string.IsNullOrWhiteSpace(imap.Host) || MailValidator.ContainsControlCharacter(imap.Host))
            {
                errors.Add("Le serveur IMAP est obligatoire.");
            }

            if (imap.Port is < 1 or > 65535)
            {
                errors.Add("Le port IMAP doit être compris entre 1 et 65535.");
            }

            if (string.IsNullOrWhiteSpace(imap.UserName) || string.IsNullOrWhiteSpace(imap.Folder))
            {
                errors.Add("L'utilisateur et le dossier IMAP sont obligatoires.");
            }
        }

        if (errors.Count > 0)
        {
            throw new CommandRejectedException(errors);
        }

        s.Smtp = configuration.Smtp;
        s.Imap = configuration.Imap;
        s.ReminderDaysBefore = configuration.ReminderDaysBefore;
        s.AutoSendSuppliers = [.. configuration.AutoSendSuppliers.Select(x => x.Trim()).Where(x => x.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        s.Version++;
        s.ModifiedBy = user;
        s.ModifiedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        if (s.Imap is { Enabled: true } || s.AutoSendSuppliers.Count > 0)
        {
            await GrainFactory.GetGrain<IMailboxGrain>(this.GetPrimaryKeyString()).EnsureScheduledAsync();
        }

        return View();
    }

    private MailConfiguration View()
    {
        var s = state.State;
        return new MailConfiguration(s.Smtp, s.Imap, s.Version == 0 ? MailConfiguration.DefaultReminderDays : s.ReminderDaysBefore, s.AutoSendSuppliers.ToList(),
            s.Version, s.ModifiedBy, s.ModifiedAt);
    }
}

[GenerateSerializer, Alias("Collab.MailSettingsGrainState")]
public sealed class MailSettingsGrainState
{
    [Id(0)] public SmtpConfiguration? Smtp { get; set; }
    [Id(1)] public ImapConfiguration? Imap { get; set; }
    [Id(2)] public int ReminderDaysBefore { get; set; } = MailConfiguration.DefaultReminderDays;
    [Id(3)] public List<string> AutoSendSuppliers { get; set; } = [];
    [Id(4)] public long Version { get; set; }
    [Id(5)] public string? ModifiedBy { get; set; }
    [Id(6)] public DateTimeOffset? ModifiedAt { get; set; }
}

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

/// <summary>Message-IDs we sent (kept by the mailbox grain) and order existence (order grains).</summary>
public sealed class GrainMailThreadDirectory(IGrainFactory grains, string site) : IMailThreadDirectory
{
    public async ValueTask<Collab.Contracts.Common.ObjectRef?> FindBySentMessageIdAsync(string messageId, CancellationToken cancellationToken = default) =>
        await grains.GetGrain<IMailboxGrain>(site).FindSentAsync(MailValidator.StripAngles(messageId));

    public async ValueTask<bool> ExistsAsync(Collab.Contracts.Common.ObjectRef target, CancellationToken cancellationToken = default) =>
        await OrderExists.CheckAsync(grains, target);
}

internal static class OrderExists
{
    public static async Task<bool> CheckAsync(IGrainFactory grains, Collab.Contracts.Common.ObjectRef target) => target.Kind switch
    {
        Collab.Contracts.Common.ObjectKind.PurchaseOrder => await grains.GetGrain<Collab.Contracts.Orders.IPurchaseOrderGrain>(target.Id).GetAsync() is not null,
        Collab.Contracts.Common.ObjectKind.CustomerOrder => await grains.GetGrain<Collab.Contracts.Orders.ICustomerOrderGrain>(target.Id).GetAsync() is not null,
        _ => false,
    };
}
