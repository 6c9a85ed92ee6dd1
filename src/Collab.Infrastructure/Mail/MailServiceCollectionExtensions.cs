using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Collab.Infrastructure.Mail;

/// <summary>Reads the sender settings from configuration (<c>Collab:Mail</c>); replaced when the administration page stores them.</summary>
public sealed class ConfigurationMailSettingsProvider(IOptionsMonitor<MailSettings> options) : IMailSettingsProvider
{
    public ValueTask<MailSettings> GetAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(options.CurrentValue);
}

public static class MailServiceCollectionExtensions
{
    public const string SectionName = "Collab:Mail";

    /// <summary>
    /// Registers the one mail sender of the app (SMTP), the bulk sender, the settings protector
    /// (Data Protection), the mailbox limits (<c>Collab:Mail:Limits</c>) and the in-memory defaults for the cursor
    /// store and the mail body store (hosts replace them with grain-backed and database-backed ones). Settings come from <c>Collab:Mail</c> unless
    /// another <see cref="IMailSettingsProvider"/> is registered first.
    /// </summary>
    public static IServiceCollection AddCollabMail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<MailSettings>(configuration.GetSection(SectionName));
        services.AddDataProtection();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMailSettingsProvider, ConfigurationMailSettingsProvider>();
        services.TryAddSingleton<IMailSender, SmtpMailSender>();
        services.TryAddSingleton<BulkMailSender>();
        services.TryAddSingleton<MailSettingsProtector>();
        services.TryAddSingleton<IMailboxCursorStore, InMemoryMailboxCursorStore>();
        // Bounds of the purchasing mailbox (issue 16 item 4), read by the mailbox grain and the worker.
        services.Configure<Collab.Contracts.FollowUps.MailLimits>(configuration.GetSection(Collab.Contracts.FollowUps.MailLimits.SectionName));
        services.TryAddSingleton<IMailBodyStore, InMemoryMailBodyStore>();
        return services;
    }
}
