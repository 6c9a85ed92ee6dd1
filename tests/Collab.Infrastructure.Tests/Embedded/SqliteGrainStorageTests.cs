using Collab.Contracts.Sites;
using Collab.Grains.Sites;
using Collab.Infrastructure.Configuration;
using Collab.Infrastructure.Health;
using Collab.Infrastructure.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Providers;
using Orleans.Storage;

namespace Collab.Infrastructure.Tests.Embedded;

/// <summary>Embedded mode: grain state in a real SQLite file through a real silo.</summary>
public sealed class SqliteGrainStorageTests : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Storage_connections_let_sqlite_wait_for_another_writer_and_a_write_behind_a_held_lock_goes_through()
    {
        // Without a busy timeout SQLite answers "busy" at once and Microsoft.Data.Sqlite sleeps 150 ms per retry: a
        // small write queued behind a large one waited 150-300 ms (issue #17). With it, SQLite waits for the lock itself.
        var cs = new CollabOptions { DataDirectory = data.Path }.GetSqliteConnectionString();
        await using var holder = await Collab.Infrastructure.Storage.Sqlite.SqliteConnections.OpenAsync(cs);
        await using var writer = await Collab.Infrastructure.Storage.Sqlite.SqliteConnections.OpenAsync(cs);
        await using (var pragma = writer.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout;";
            Assert.Equal((long)Collab.Infrastructure.Storage.Sqlite.SqliteConnections.BusyTimeoutMs, await pragma.ExecuteScalarAsync());
        }

        await Exec(holder, "PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER);");
        await Exec(holder, "BEGIN IMMEDIATE; INSERT INTO t VALUES (1);");
        // No managed retry (timeout 0): only SQLite's own wait can let this write through once the lock is released.
        var write = Task.Run(async () =>
        {
            await using var insert = writer.CreateCommand();
            insert.CommandText = "INSERT INTO t VALUES (2);";
            insert.CommandTimeout = 0;
            return await insert.ExecuteNonQueryAsync();
        });
        await Exec(holder, "COMMIT;");
        Assert.Equal(1, await write);
        await using var count = holder.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM t;";
        Assert.Equal(2L, await count.ExecuteScalarAsync());

        static async Task Exec(SqliteConnection c, string sql)
        {
            await using var command = c.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task History_lines_pending_when_the_silo_stops_are_delivered_after_the_restart()
    {
        var number = "OA-RESTART-1";
        await using (var first = await CollabTestHost.StartAsync(CollabTestHost.Embedded(data.Path)))
        {
            var po = first.Grains.GetGrain<Collab.Contracts.Orders.IPurchaseOrderGrain>(number);
            var view = await po.CreateAsync("DEMO", new Collab.Contracts.Orders.PurchaseOrderDraft("F1", [new("CORPS", 10, new DateOnly(2027, 1, 4))]), "acheteur");
            for (var k = 0; k < 3; k++)
            {
                view = await po.SetRequestedDateAsync(1, new DateOnly(2027, 1, 5 + k), view.Version, "acheteur");
            }
        } // the silo stops with the 4 lines pending in the order's row (fewer than a batch)

        await using var second = await CollabTestHost.StartAsync(CollabTestHost.Embedded(data.Path));
        var history = await second.Grains.GetGrain<Collab.Contracts.Orders.IPurchaseOrderGrain>(number).GetHistoryAsync();
        Assert.Equal([1L, 2, 3, 4], history.Select(h => h.Version));
        Assert.Equal(new DateOnly(2027, 1, 7), (await second.Grains.GetGrain<Collab.Contracts.Orders.IPurchaseOrderGrain>(number).GetAsync())!.Lines[0].RequestedDate);
    }

    [Fact]
    public async Task Site_rename_round_trips_and_survives_a_restart_on_the_same_file()
    {
        var settings = CollabTestHost.Embedded(data.Path);
        await using (var first = await CollabTestHost.StartAsync(settings))
        {
            var site = first.Grains.GetGrain<ISiteGrain>("DEMO");
            var renamed = await site.RenameAsync("Usine de Lyon", expectedVersion: 0, user: "planificateur");
            Assert.Equal(1, renamed.Version);
            Assert.Equal("Usine de Lyon", (await site.GetInfoAsync()).Name);
        }

        var row = ReadRow("site", "site/DEMO");
        Assert.NotNull(row);
        Assert.Equal(1, row.Value.Version);
        Assert.Contains("Usine de Lyon", System.Text.Encoding.UTF8.GetString(row.Value.Payload!));

        // A new host (new silo, new ports) on the same data directory sees the state.
        await using var second = await CollabTestHost.StartAsync(CollabTestHost.Embedded(data.Path));
        var info = await second.Grains.GetGrain<ISiteGrain>("DEMO").GetInfoAsync();
        Assert.Equal("Usine de Lyon", info.Name);
        Assert.Equal(1, info.Version);
        Assert.Equal("planificateur", info.ModifiedBy);

        var again = await second.Grains.GetGrain<ISiteGrain>("DEMO").RenameAsync("Usine de Lyon 2", 1, "admin");
        Assert.Equal(2, again.Version);
    }

    [Fact]
    public async Task Stale_etag_write_raises_InconsistentStateException_and_keeps_the_stored_state()
    {
        await using var host = await CollabTestHost.StartAsync(CollabTestHost.Embedded(data.Path));
        var storage = host.Host.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var grainId = GrainId.Create("site", "ETAG");

        var a = new GrainState<SiteState>();
        await storage.ReadStateAsync("site", grainId, a);
        Assert.False(a.RecordExists);
        Assert.Null(a.ETag);
        a.State!.Name = "A";
        await storage.WriteStateAsync("site", grainId, a);
        Assert.Equal("1", a.ETag);

        var b = new GrainState<SiteState>();
        await storage.ReadStateAsync("site", grainId, b);
        Assert.True(b.RecordExists);
        Assert.Equal("1", b.ETag);
        Assert.Equal("A", b.State!.Name);

        a.State!.Name = "A2";
        await storage.WriteStateAsync("site", grainId, a);
        Assert.Equal("2", a.ETag);

        b.State!.Name = "B";
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("site", grainId, b));
        Assert.Contains("site/ETAG", conflict.Message);
        Assert.Equal("1", b.ETag);

        var fresh = new GrainState<SiteState>();
        await storage.ReadStateAsync("site", grainId, fresh);
        Assert.Equal("A2", fresh.State!.Name);
        Assert.Equal("2", fresh.ETag);

        // A clear with a stale ETag is refused too; with the current one it empties the state.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("site", grainId, b));
        await storage.ClearStateAsync("site", grainId, fresh);
        Assert.False(fresh.RecordExists);
        Assert.Equal("3", fresh.ETag);
        var afterClear = new GrainState<SiteState>();
        await storage.ReadStateAsync("site", grainId, afterClear);
        Assert.False(afterClear.RecordExists);
        Assert.Equal(string.Empty, afterClear.State!.Name);
        Assert.Equal("3", afterClear.ETag);
    }

    [Fact]
    public async Task Grain_identity_is_unique_two_first_writes_conflict_and_the_table_refuses_duplicates()
    {
        await using (var host = await CollabTestHost.StartAsync(CollabTestHost.Embedded(data.Path)))
        {
            var storage = host.Host.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
            var grainId = GrainId.Create("site", "TWICE");
            var first = new GrainState<SiteState>();
            var second = new GrainState<SiteState>();
            await storage.ReadStateAsync("site", grainId, first);
            await storage.ReadStateAsync("site", grainId, second);

            first.State!.Name = "first";
            await storage.WriteStateAsync("site", grainId, first);
            second.State!.Name = "second";
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("site", grainId, second));
        }

        using var connection = Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM collab_grain_state WHERE grain_id = 'site/TWICE'";
        Assert.Equal(1L, (long)count.ExecuteScalar()!);

        using var duplicate = connection.CreateCommand();
        duplicate.CommandText = """
            INSERT INTO collab_grain_state (service_id, state_name, grain_id, payload, version, modified_utc)
            SELECT service_id, state_name, grain_id, payload, 99, modified_utc FROM collab_grain_state WHERE grain_id = 'site/TWICE'
            """;
        var error = Assert.Throws<SqliteException>(() => duplicate.ExecuteNonQuery());
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
    }

    [Fact]
    public async Task Database_is_in_WAL_mode_and_the_health_check_queries_it()
    {
        await using (var host = await CollabTestHost.StartAsync(CollabTestHost.Embedded(data.Path)))
        {
            await host.Grains.GetGrain<ISiteGrain>("HEALTH").RenameAsync("Santé", 0, "admin");
            var check = host.Host.Services.GetRequiredService<HealthCheckService>();
            var report = await check.CheckHealthAsync(r => r.Tags.Contains("ready"));
            var entry = Assert.Single(report.Entries);
            Assert.Equal(CollabStorageHealthCheck.Name, entry.Key);
            Assert.Equal(HealthStatus.Healthy, entry.Value.Status);
            Assert.Equal(true, entry.Value.Data["hasGrainState"]);
        }

        using (var connection = Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string)command.ExecuteScalar()!);
        }

        // The check reports the missing database instead of creating an empty one.
        var elsewhere = CollabOptions.FromConfiguration(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Collab:DataDirectory"] = Path.Combine(data.Path, "missing") })
                .Build());
        var result = await new CollabStorageHealthCheck(elsewhere).CheckHealthAsync(
            new HealthCheckContext { Registration = new HealthCheckRegistration("storage", _ => null!, HealthStatus.Unhealthy, ["ready"]) });
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains(Path.Combine(data.Path, "missing", "collab.db"), result.Description);
        Assert.False(File.Exists(Path.Combine(data.Path, "missing", "collab.db")));
    }

    private (long Version, byte[]? Payload)? ReadRow(string stateName, string grainId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, payload FROM collab_grain_state WHERE state_name = $s AND grain_id = $g";
        command.Parameters.AddWithValue("$s", stateName);
        command.Parameters.AddWithValue("$g", grainId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1)) : null;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(data.Path, "collab.db"),
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }
}
