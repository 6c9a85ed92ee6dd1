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

        var errors = new List<RefusalReason>();
        if (configuration.ReminderDaysBefore is < 0 or > 60)
        {
            errors.Add(new(Refusal.ReminderDaysOutOfRange));
        }

        if (configuration.Smtp is { } smtp)
        {
            if (string.IsNullOrWhiteSpace(smtp.Host) || MailValidator.ContainsControlCharacter(smtp.Host))
            {
                errors.Add(new(Refusal.Required, RefusalTerm.SmtpHost));
            }

            if (smtp.Port is < 1 or > 65535)
            {
                errors.Add(new(Refusal.PortOutOfRange, "SMTP"));
            }

            if (MailValidator.CheckAddress(smtp.FromAddress) is not null)
            {
                errors.Add(new(Refusal.InvalidSenderAddress, smtp.FromAddress ?? ""));
            }

            if (!string.IsNullOrWhiteSpace(smtp.DefaultReplyTo) && MailValidator.CheckAddress(smtp.DefaultReplyTo) is not null)
            {
                errors.Add(new(Refusal.InvalidReplyToAddress, smtp.DefaultReplyTo));
            }
        }

        if (configuration.Imap is { } imap)
        {
            if (string.IsNullOrWhiteSpace(imap.Host) || MailValidator.ContainsControlCharacter(imap.Host))
            {
                errors.Add(new(Refusal.Required, RefusalTerm.ImapHost));
            }

            if (imap.Port is < 1 or > 65535)
            {
                errors.Add(new(Refusal.PortOutOfRange, "IMAP"));
            }

            if (string.IsNullOrWhiteSpace(imap.UserName) || string.IsNullOrWhiteSpace(imap.Folder))
            {
                errors.Add(new(Refusal.ImapUserAndFolderRequired));
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
