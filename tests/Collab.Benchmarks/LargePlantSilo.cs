using Collab.Domain.Demo;
using Collab.Grains.Demo;
using Collab.Infrastructure.Configuration;
using Collab.Infrastructure.Serialization;
using Collab.Infrastructure.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Collab.Benchmarks;

/// <summary>
/// One in-process silo on the embedded mode's SQLite grain storage (a throw-away directory, deleted on dispose) with the
/// large plant of <c>--demo-scale large</c> seeded by <see cref="DemoPlant.SeedAsync"/> and its first plan run waited
/// for: the set-up of <c>plan-scale</c>, shared with <c>large-pages</c>. Grain calls may last 15 minutes (the first
/// plan run of this plant outlasts the default 30 s).
/// </summary>
internal sealed class LargePlantSilo : IAsyncDisposable
{
    private readonly string _directory;

    private LargePlantSilo(InProcessTestCluster cluster, string directory)
    {
        Cluster = cluster;
        _directory = directory;
    }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Grains => Cluster.Client;

    /// <summary>Starts the silo on a new SQLite file (state writes counted by <see cref="CountingStorage"/> for <paramref name="counted"/> grain types).</summary>
    public static async Task<LargePlantSilo> StartAsync(Func<string, bool>? counted = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"collab-largeplant-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(directory);
        var collab = CollabOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Collab:DataDirectory"] = directory,
        }).Build());
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCollabSerialization();
            silo.Services.AddSingleton(collab);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SqliteStorageBootstrap>();
            silo.Services.AddKeyedSingleton<IGrainStorage>("sqlite", (sp, name) => ActivatorUtilities.CreateInstance<SqliteGrainStorage>(sp, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
            CountingStorage.Wrap(silo, "sqlite", counted ?? (_ => false));
            silo.Configure<Orleans.Configuration.SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(15));
        });
        builder.ConfigureClient(client =>
        {
            client.Services.AddCollabSerialization();
            client.Configure<Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(15));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new LargePlantSilo(cluster, directory);
    }

    /// <summary>Seeds the plant as <c>--demo-scale large</c> does and waits for its first plan run.</summary>
    public async Task<Collab.Contracts.Plan.PlanRunSummary?> SeedAsync(DateOnly today, LargePlantOptions options)
    {
        await DemoPlant.SeedAsync(Grains, today, options);
        // The seeding starts the first plan without waiting: the next call queues behind it.
        return await Grains.GetGrain<Collab.Contracts.Plan.IPlanGrain>(Collab.Contracts.Plan.PlanKey.Of(DemoPlant.Site)).GetSummaryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_directory, true);
        }
        catch (IOException)
        {
        }
    }
}
