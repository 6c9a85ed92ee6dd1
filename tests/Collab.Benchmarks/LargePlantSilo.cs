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
using Microsoft.Extensions.Hosting;

namespace Collab.Benchmarks;

/// <summary>
/// One in-process silo on the embedded mode's SQLite grain storage (a throw-away directory, deleted on dispose) with the
/// large plant of <c>--demo-scale large</c> seeded by <see cref="DemoPlant.SeedAsync"/> and its first plan run waited
/// for: the set-up of <c>plan-scale</c>, shared with <c>large-pages</c>. Grain calls may last 15 minutes (the first
/// plan run of this plant outlasts the default 30 s).
/// Cluster mode (<c>--mode cluster</c> on any benchmark's command line, taken off by <see cref="TakeOptions"/>): two
/// silos configured exactly like cluster mode (<see cref="PostgresWritesBenchmark.StartSiloAsync"/>: ADO.NET
/// clustering, storage and reminders on PostgreSQL, loopback) in this process, calls through the first one; PostgreSQL
/// from <c>--pg</c>, <c>COLLAB_BENCH_POSTGRES</c> or <c>COLLAB_TEST_POSTGRES</c>, a fresh database dropped at the end,
/// or <c>--database NAME</c> (created if missing, kept: a plant seeded by one benchmark is reused by the next).
/// </summary>
internal sealed class LargePlantSilo : IAsyncDisposable
{
    private readonly string? _directory;
    private readonly InProcessTestCluster? _cluster;
    private readonly IHost[] _hosts = [];
    private readonly string? _dropDatabase;
    private readonly string? _connectionString;
    private DateTime _storedSince = DateTime.MinValue;

    private LargePlantSilo(InProcessTestCluster cluster, string directory)
    {
        _cluster = cluster;
        _directory = directory;
        Grains = cluster.Client;
    }

    private LargePlantSilo(IHost[] hosts, string connectionString, string? dropDatabase)
    {
        _hosts = hosts;
        _connectionString = connectionString;
        _dropDatabase = dropDatabase;
        Grains = hosts[0].Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>Cluster mode asked (<c>--mode cluster</c>).</summary>
    public static bool ClusterMode { get; private set; }

    private static string? _admin;
    private static string? _database;

    public IClusterClient Grains { get; }

    /// <summary>The first silo's services.</summary>
    public IServiceProvider Services => _cluster?.Silos[0].ServiceProvider ?? _hosts[0].Services;

    /// <summary>The grain storage under the counter (SQLite, or cluster mode's ADO.NET storage on PostgreSQL): what a benchmark writes a prepared state through.</summary>
    public IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>(_cluster is null ? "counted-pg" : "sqlite");

    /// <summary>Deactivates the grain's activation and waits until no silo lists it (the next call activates it again).</summary>
    public async Task DeactivateAsync(IAddressable grain)
    {
        if (_cluster is not null)
        {
            await _cluster.DeactivateAsync(grain);
            return;
        }

        var id = grain.GetGrainId();
        await grain.Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();
        var management = Grains.GetGrain<IManagementGrain>(0);
        while ((await management.GetDetailedGrainStatistics()).Any(s => s.GrainId == id))
        {
            await Task.Delay(5);
        }
    }

    /// <summary>
    /// Cluster mode: the rows of <c>orleansstorage</c> written since the previous call (by their <c>modifiedon</c>, which
    /// the storage function sets on every write): how many, their payload bytes as PostgreSQL holds them
    /// (<c>octet_length</c>) and on disk after TOAST compression (<c>pg_column_size</c>). A row written twice in between
    /// counts once. The first call counts every row.
    /// </summary>
    public async Task<(int Rows, long Bytes, long OnDisk)> StoredWritesAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_connectionString ?? throw new NotSupportedException("cluster mode only"));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT COUNT(*), COALESCE(SUM(octet_length(payloadbinary)), 0), COALESCE(SUM(pg_column_size(payloadbinary)), 0), MAX(modifiedon) " +
            "FROM orleansstorage WHERE modifiedon > $1", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Timestamp, Value = _storedSince });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        if (!reader.IsDBNull(3))
        {
            _storedSince = reader.GetDateTime(3);
        }

        return ((int)reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>"embedded (SQLite)" or "cluster (2 silos, PostgreSQL database …)", for the benchmarks' first line.</summary>
    public static string ModeName => ClusterMode ? $"cluster mode (2 silos, PostgreSQL{(_database is null ? ", fresh database" : $" database {_database}")})" : "embedded mode (SQLite)";

    /// <summary>Takes <c>--mode cluster|embedded</c>, <c>--database NAME</c> and <c>--pg CONNECTION</c> off the command line.</summary>
    public static string[] TakeOptions(string[] args)
    {
        ClusterMode = BenchMachine.Option(args, "--mode") == "cluster";
        _database = BenchMachine.Option(args, "--database");
        _admin = BenchMachine.Option(args, "--pg") ?? Environment.GetEnvironmentVariable("COLLAB_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("COLLAB_TEST_POSTGRES");
        var rest = args.ToList();
        foreach (var name in new[] { "--mode", "--database" })
        {
            var i = rest.IndexOf(name);
            if (i >= 0)
            {
                rest.RemoveRange(i, Math.Min(2, rest.Count - i));
            }
        }

        return [.. rest];
    }

    /// <summary>The cluster-mode connection string of the database (created if missing) and whether to drop it at the end.</summary>
    internal static async Task<(string ConnectionString, string? Drop)> DatabaseAsync()
    {
        var admin = _admin ?? throw new InvalidOperationException("cluster mode needs PostgreSQL: --pg, COLLAB_BENCH_POSTGRES or COLLAB_TEST_POSTGRES");
        var name = _database ?? "collab_bench_" + Guid.NewGuid().ToString("N")[..10];
        if (await PostgresWritesBenchmark.ScalarAsync(admin, $"SELECT COUNT(*) FROM pg_database WHERE datname = '{name}'") == 0)
        {
            await PostgresWritesBenchmark.ExecuteAsync(admin, $"CREATE DATABASE {name}");
        }

        return (new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString, _database is null ? name : null);
    }

    /// <summary>Starts the silo on a new SQLite file (state writes counted by <see cref="CountingStorage"/> for <paramref name="counted"/> grain types), or the two cluster-mode silos.</summary>
    public static async Task<LargePlantSilo> StartAsync(Func<string, bool>? counted = null)
    {
        if (ClusterMode)
        {
            var (connectionString, drop) = await DatabaseAsync();
            var hosts = new IHost[2];
            for (var k = 0; k < hosts.Length; k++)
            {
                var first = k == 0;
                hosts[k] = await PostgresWritesBenchmark.StartSiloAsync(connectionString, builder =>
                {
                    builder.Services.Configure<Orleans.Configuration.SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(15));
                    builder.UseOrleans(silo =>
                    {
                        silo.AddAdoNetGrainStorage("counted-pg", o =>
                        {
                            o.Invariant = Collab.Infrastructure.Hosting.CollabOrleansHosting.PostgresInvariant;
                            o.ConnectionString = Collab.Infrastructure.Storage.Postgres.PostgresSchemaBootstrap.ForOrleans(connectionString);
                        });
                        CountingStorage.Wrap(silo, "counted-pg", counted ?? (_ => false));
                    });
                });
            }

            return new LargePlantSilo(hosts, connectionString, drop);
        }

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
        // The seeding starts the first plan without waiting: a call that does not interleave queues behind it (the
        // queries interleave with a run).
        var plan = Grains.GetGrain<Collab.Contracts.Plan.IPlanGrain>(Collab.Contracts.Plan.PlanKey.Of(DemoPlant.Site));
        await plan.GetDiffsComputedAsync();
        return await plan.GetSummaryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        foreach (var host in _hosts.Reverse())
        {
            await host.StopAsync();
            host.Dispose();
        }

        if (_dropDatabase is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await PostgresWritesBenchmark.ExecuteAsync(_admin!, $"DROP DATABASE IF EXISTS {_dropDatabase} WITH (FORCE)");
        }

        try
        {
            if (_directory is not null)
            {
                Directory.Delete(_directory, true);
            }
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// Cluster mode: what PostgreSQL holds of each edit's writes (<see cref="LargePlantSilo.StoredWritesAsync"/> after the
/// edit, outside its timing), printed as percentiles next to the counter's figures; nothing in embedded mode.
/// </summary>
internal sealed class StoredBytes(LargePlantSilo silo)
{
    private readonly List<double> _kb = [];
    private readonly List<double> _onDiskKb = [];
    private readonly List<double> _rows = [];

    /// <summary>Marks what is stored so far (the next <see cref="AddAsync"/> counts from here).</summary>
    public async Task StartAsync()
    {
        if (LargePlantSilo.ClusterMode)
        {
            _ = await silo.StoredWritesAsync();
        }
    }

    /// <summary>The rows written since the previous call, kept as one edit's when <paramref name="keep"/> (not a warm-up edit).</summary>
    public async Task AddAsync(bool keep)
    {
        if (!LargePlantSilo.ClusterMode)
        {
            return;
        }

        var (rows, bytes, onDisk) = await silo.StoredWritesAsync();
        if (keep)
        {
            _rows.Add(rows);
            _kb.Add(bytes / 1024.0);
            _onDiskKb.Add(onDisk / 1024.0);
        }
    }

    public void Print()
    {
        if (_kb.Count > 0)
        {
            Console.WriteLine($"  PostgreSQL rows written per edit (orleansstorage, {_rows.Average():0.0} rows): payload p50 {Percentiles.P(_kb, 0.5):0.0} KB  p90 {Percentiles.P(_kb, 0.9):0.0}  " +
                $"p99 {Percentiles.P(_kb, 0.99):0.0}  max {_kb.Max():0.0} KB; on disk (TOAST-compressed) p50 {Percentiles.P(_onDiskKb, 0.5):0.0}  p99 {Percentiles.P(_onDiskKb, 0.99):0.0}  max {_onDiskKb.Max():0.0} KB");
        }
    }
}
