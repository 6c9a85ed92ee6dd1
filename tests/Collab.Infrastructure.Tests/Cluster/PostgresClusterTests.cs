using System.Diagnostics;
using Collab.Contracts.Sites;
using Collab.Grains.Sites;
using Collab.Infrastructure.Health;
using Collab.Infrastructure.Hosting;
using Collab.Infrastructure.Storage;
using Collab.Infrastructure.Tests.Probes;
using Collab.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Orleans.Providers;
using Orleans.Storage;

namespace Collab.Infrastructure.Tests.Cluster;

/// <summary>Cluster mode: real silos on ADO.NET clustering, persistence and reminders over PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests(PostgresServer server)
{
    [Fact]
    public async Task Grain_state_survives_a_silo_restart()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using (var first = await CollabTestHost.StartAsync(CollabTestHost.Cluster(connectionString)))
        {
            var renamed = await first.Grains.GetGrain<ISiteGrain>("LYON").RenameAsync("Usine de Lyon", 0, "planificateur");
            Assert.Equal(1, renamed.Version);
        }

        Assert.Equal(1L, await ScalarAsync<long>(connectionString,
            "SELECT COUNT(*) FROM orleansstorage WHERE graintypestring = 'site' AND grainidextensionstring = 'LYON' AND version = 1"));

        await using var second = await CollabTestHost.StartAsync(CollabTestHost.Cluster(connectionString));
        var info = await second.Grains.GetGrain<ISiteGrain>("LYON").GetInfoAsync();
        Assert.Equal("Usine de Lyon", info.Name);
        Assert.Equal(1, info.Version);
        Assert.Equal("planificateur", info.ModifiedBy);

        var report = await second.Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Healthy, report.Entries[CollabStorageHealthCheck.Name].Status);
        Assert.Equal(true, report.Entries[CollabStorageHealthCheck.Name].Data["hasGrainState"]);
    }

    [Fact]
    public async Task Two_silos_on_one_database_form_one_cluster_and_share_grains()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var a = await CollabTestHost.StartAsync(CollabTestHost.Cluster(connectionString, "collab-two"));
        await using var b = await CollabTestHost.StartAsync(CollabTestHost.Cluster(connectionString, "collab-two"));

        Assert.Equal(2L, await ScalarAsync<long>(connectionString,
            "SELECT COUNT(*) FROM orleansmembershiptable WHERE deploymentid = 'collab-two' AND status = 3"));

        // Writes through one silo are read through the other, for several grains (spread over both silos).
        var codes = Enumerable.Range(1, 6).Select(i => $"SITE{i}").ToArray();
        foreach (var code in codes)
        {
            await a.Grains.GetGrain<ISiteGrain>(code).RenameAsync($"Usine {code}", 0, "admin");
        }

        foreach (var code in codes)
        {
            var info = await b.Grains.GetGrain<ISiteGrain>(code).GetInfoAsync();
            Assert.Equal($"Usine {code}", info.Name);
            Assert.Equal(1, info.Version);
        }

        var again = await b.Grains.GetGrain<ISiteGrain>("SITE1").RenameAsync("Usine Un", 1, "planificateur");
        Assert.Equal(2, again.Version);
        Assert.Equal("Usine Un", (await a.Grains.GetGrain<ISiteGrain>("SITE1").GetInfoAsync()).Name);
    }

    [Fact]
    public async Task Stale_etag_write_raises_InconsistentStateException_on_PostgreSQL()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var host = await CollabTestHost.StartAsync(CollabTestHost.Cluster(connectionString));
        var storage = host.Host.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var grainId = GrainId.Create("site", "PGETAG");

        var a = new GrainState<SiteState>();
        var b = new GrainState<SiteState>();
        await storage.ReadStateAsync("site", grainId, a);
        await storage.ReadStateAsync("site", grainId, b);
        // More writes than Npgsql's auto-prepare threshold (5 uses): the checks below run on the prepared statement of
        // the pool's connections (Max Auto Prepare, no reset on close: PostgresSchemaBootstrap.ForOrleans).
        for (var i = 0; i < 8; i++)
        {
            a.State!.Name = $"A{i}";
            await storage.WriteStateAsync("site", grainId, a);
        }

        a.State!.Name = "A";
        await storage.WriteStateAsync("site", grainId, a);
        b.State!.Name = "B";
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("site", grainId, b));

        await storage.ReadStateAsync("site", grainId, b);
        Assert.Equal("A", b.State!.Name);
        a.State.Name = "A2";
        await storage.WriteStateAsync("site", grainId, a);
        b.State.Name = "B2";
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("site", grainId, b));

        await storage.ClearStateAsync("site", grainId, a);
        var cleared = new GrainState<SiteState>();
        await storage.ReadStateAsync("site", grainId, cleared);
        Assert.False(cleared.RecordExists);
        Assert.Equal(a.ETag, cleared.ETag);
        Assert.Equal(1L, await ScalarAsync<long>(connectionString, "SELECT COUNT(*) FROM orleansstorage WHERE grainidextensionstring = 'PGETAG'"));
    }

    [Fact]
    public async Task Reminder_registered_in_cluster_mode_is_a_row_in_PostgreSQL()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var key = "MO-" + Guid.NewGuid().ToString("N")[..8];
        await using (var host = await CollabTestHost.StartAsync(CollabTestHost.Cluster(connectionString)))
        {
            await host.Grains.GetGrain<IReminderProbeGrain>(key).RegisterAsync("relance", TimeSpan.FromHours(1), TimeSpan.FromHours(2));
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT serviceid, remindername, period, version FROM orleansreminderstable WHERE grainid = @grain", connection);
        command.Parameters.AddWithValue("grain", $"reminderprobe/{key}");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("collab-test", reader.GetString(0));
        Assert.Equal("relance", reader.GetString(1));
        Assert.Equal(7_200_000L, reader.GetInt64(2));
        Assert.Equal(0, reader.GetInt32(3));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task Unreachable_PostgreSQL_fails_fast_with_a_clear_message_and_a_non_zero_exit_code()
    {
        var port = FreePort.Next(); // nobody listens there
        var settings = CollabTestHost.Cluster($"Host=127.0.0.1;Port={port};Username=collab;Password=secret;Database=collab");
        var watch = Stopwatch.StartNew();
        using var host = CollabTestHost.Build(settings);
        var stderr = new StringWriter();

        var exitCode = await host.RunCollabAsync(stderr);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.Equal(CollabHostRunner.StorageErrorExitCode, exitCode);
        var message = stderr.ToString();
        Assert.Contains($"127.0.0.1:{port}", message);
        Assert.Contains("unreachable", message);
        Assert.DoesNotContain("secret", message);
    }

    [Fact]
    public async Task PostgreSQL_that_accepts_but_never_answers_fails_within_30_seconds()
    {
        // A "black hole": the TCP connection is accepted, the PostgreSQL handshake never answered.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var accepted = silent.AcceptSocketAsync();
        using var host = CollabTestHost.Build(CollabTestHost.Cluster($"Host=127.0.0.1;Port={port};Username=collab;Database=collab;Timeout=60"));
        var stderr = new StringWriter();
        var watch = Stopwatch.StartNew();

        var exitCode = await host.RunCollabAsync(stderr);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.True(accepted.IsCompleted);
        Assert.Equal(CollabHostRunner.StorageErrorExitCode, exitCode);
        Assert.Contains($"127.0.0.1:{port}", stderr.ToString());
        (await accepted).Dispose();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
