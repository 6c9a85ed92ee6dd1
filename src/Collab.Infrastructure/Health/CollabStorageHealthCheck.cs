using Collab.Infrastructure.Configuration;
using Collab.Infrastructure.Storage.Postgres;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Collab.Infrastructure.Health;

/// <summary>
/// Readiness of the grain storage (tag <c>ready</c>): really queries the grain-state table of the
/// active mode — the SQLite file in embedded mode, PostgreSQL in cluster mode.
/// </summary>
public sealed class CollabStorageHealthCheck(CollabOptions options) : IHealthCheck
{
    /// <summary>Name under which <c>AddCollabOrleans</c> registers the check.</summary>
    public const string Name = "storage";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return options.Mode == CollabMode.Cluster
                ? await CheckPostgresAsync(timeout.Token)
                : await CheckSqliteAsync(timeout.Token);
        }
        catch (Exception e) when (e is SqliteException or NpgsqlException or OperationCanceledException or InvalidOperationException or IOException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Storage unavailable: {e.Message}", e);
        }
    }

    private async Task<HealthCheckResult> CheckSqliteAsync(CancellationToken cancellationToken)
    {
        var path = options.EmbeddedDatabasePath;
        if (!File.Exists(path))
        {
            return HealthCheckResult.Unhealthy($"SQLite database '{path}' does not exist.");
        }

        var builder = new SqliteConnectionStringBuilder(options.GetSqliteConnectionString()) { Mode = SqliteOpenMode.ReadWrite };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM collab_grain_state LIMIT 1"; // readable table; no full COUNT(*)
        var any = await command.ExecuteScalarAsync(cancellationToken) is not null;
        return HealthCheckResult.Healthy(
            $"SQLite {path}: grain state table readable{(any ? string.Empty : " (empty)")}.",
            new Dictionary<string, object> { ["mode"] = "Embedded", ["hasGrainState"] = any });
    }

    private async Task<HealthCheckResult> CheckPostgresAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.RequirePostgresConnectionString()) { Timeout = (int)Timeout.TotalSeconds };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1 FROM orleansstorage LIMIT 1", connection) { CommandTimeout = (int)Timeout.TotalSeconds };
        var any = await command.ExecuteScalarAsync(cancellationToken) is not null;
        return HealthCheckResult.Healthy(
            $"PostgreSQL {PostgresSchemaBootstrap.Describe(builder)}: grain state table readable{(any ? string.Empty : " (empty)")}.",
            new Dictionary<string, object> { ["mode"] = "Cluster", ["hasGrainState"] = any });
    }
}
