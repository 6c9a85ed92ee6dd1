using Collab.Infrastructure.Mail;
using Collab.Infrastructure.Serialization;
using Collab.Infrastructure.Tests.Servers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Collab.Contracts.FollowUps;
using Orleans.Providers;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Collab.Grains.Tests.FollowUps;

/// <summary>
/// One silo with a fake clock, in-memory storage and reminders, the app's mail services (AddCollabMail) sending to a
/// real SMTP server (aiosmtpd) and the mailbox grain polling a real IMAP server (dovecot), both on 127.0.0.1.
/// </summary>
public sealed class MailClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 30, 0, TimeSpan.Zero));

    public MailServersFixture Servers { get; } = new();

    public const uint SeenUidWindow = 20;

    public const int TriageMaxCount = 30;

    /// <summary>Where the tests' workers put received bodies (pages would read them from there).</summary>
    public InMemoryMailBodyStore Bodies { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public MailSettingsProtector Protector => Cluster.Silos[0].ServiceProvider.GetRequiredService<MailSettingsProtector>();

    public async Task InitializeAsync()
    {
        await Servers.InitializeAsync();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCollabSerialization();
            silo.AddMemoryGrainStorage("memory");
            silo.Services.AddKeyedSingleton<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
                (sp, _) => new FaultInjectingGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>("memory")));
            silo.Services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.Services.AddSingleton<IMailSettingsProvider>(new FixedMailSettingsProvider(new MailSettings
            {
                Host = "127.0.0.1",
                Port = Servers.Smtp.Port,
                Security = MailSecurity.None,
                FromAddress = "achats@usine-test.example.fr",
                FromName = "Achats usine test",
                Timeout = TimeSpan.FromSeconds(10),
            }));
            silo.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
            silo.Services.AddCollabMail(new ConfigurationBuilder().Build());
            // Small bounds so the tests reach them with a few dozen mails (defaults: 1,000 UIDs, 500 triage mails).
            silo.Services.Configure<MailLimits>(l =>
            {
                l.SeenUidWindow = SeenUidWindow;
                l.TriageMaxCount = TriageMaxCount;
            });
        });
        builder.ConfigureClient(client => client.Services.AddCollabSerialization());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        await Servers.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class MailClusterCollection : ICollectionFixture<MailClusterFixture>
{
    public const string Name = "mail cluster";
}
