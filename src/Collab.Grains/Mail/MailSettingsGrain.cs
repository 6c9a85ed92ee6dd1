using Collab.Contracts;
using Collab.Contracts.FollowUps;
using Collab.Domain.Mail;
using Collab.Grains.Common;
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

        s = await state.SaveVersionedAsync(this, user, expectedVersion, clock.GetUtcNow(), st =>
        {
            st.Smtp = configuration.Smtp;
            st.Imap = configuration.Imap;
            st.ReminderDaysBefore = configuration.ReminderDaysBefore;
            st.AutoSendSuppliers = [.. configuration.AutoSendSuppliers.Select(x => x.Trim()).Where(x => x.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
            return st;
        });
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
public sealed class MailSettingsGrainState : IVersionedState
{
    [Id(0)] public SmtpConfiguration? Smtp { get; set; }
    [Id(1)] public ImapConfiguration? Imap { get; set; }
    [Id(2)] public int ReminderDaysBefore { get; set; } = MailConfiguration.DefaultReminderDays;
    [Id(3)] public List<string> AutoSendSuppliers { get; set; } = [];
    [Id(4)] public long Version { get; set; }
    [Id(5)] public string? ModifiedBy { get; set; }
    [Id(6)] public DateTimeOffset? ModifiedAt { get; set; }
}
