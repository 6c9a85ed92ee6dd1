using Collab.Infrastructure.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans;
using Orleans.Runtime;

namespace Collab.Infrastructure.Storage.Postgres;

/// <summary>
/// Applies deploy/sql/postgresql before the silo's ADO.NET providers start. Safe when several silos
/// start together: one transaction holds an advisory lock, and a script is only run when its hash is
/// not yet recorded in <c>collab_schema_scripts</c> (the scripts are idempotent anyway). An unreachable
/// server fails within <see cref="ConnectTimeoutSeconds"/> with a <see cref="CollabStorageException"/>.
/// </summary>
public sealed partial class PostgresSchemaBootstrap(CollabOptions options, ILogger<PostgresSchemaBootstrap> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Upper bound of the connection attempt (the whole start must fail within 30 s).</summary>
    public const int ConnectTimeoutSeconds = 10;

    /// <summary>Advisory lock key shared by every Collab silo ("Collab" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x436F6C6C6162;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaBootstrap), ServiceLifecycleStage.First, async ct =>
        {
            var applied = await ApplyAsync(options.RequirePostgresConnectionString(), ct);
            LogApplied(logger, applied.Count == 0 ? "up to date" : string.Join(", ", applied));
        });

    /// <summary>Applies the scripts that are missing; returns the names of the scripts run.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Timeout <= 0 || builder.Timeout > ConnectTimeoutSeconds)
        {
            builder.Timeout = ConnectTimeoutSeconds;
        }

        var target = Describe(builder);
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or ArgumentException)
        {
            throw new CollabStorageException(
                $"PostgreSQL {target} is unreachable ({e.GetBaseException().Message}). Check ConnectionStrings:Collab and that the server runs.", e);
        }

        try
        {
            var applied = new List<string>();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey});", cancellationToken);
            await ExecuteAsync(connection, transaction, """
                CREATE TABLE IF NOT EXISTS collab_schema_scripts
                (
                    name       varchar(200) NOT NULL PRIMARY KEY,
                    sha256     char(64)     NOT NULL,
                    applied_at timestamptz  NOT NULL DEFAULT now()
                );
                """, cancellationToken);

            foreach (var script in SqlScripts.PostgreSql)
            {
                await using (var check = new NpgsqlCommand("SELECT sha256 FROM collab_schema_scripts WHERE name = @name", connection, transaction))
                {
                    check.Parameters.AddWithValue("name", script.Name);
                    if (await check.ExecuteScalarAsync(cancellationToken) is string recorded && recorded == script.Sha256)
                    {
                        continue;
                    }
                }

                await ExecuteAsync(connection, transaction, script.Text, cancellationToken);
                await using (var record = new NpgsqlCommand("""
                    INSERT INTO collab_schema_scripts (name, sha256) VALUES (@name, @sha)
                    ON CONFLICT (name) DO UPDATE SET sha256 = EXCLUDED.sha256, applied_at = now()
                    """, connection, transaction))
                {
                    record.Parameters.AddWithValue("name", script.Name);
                    record.Parameters.AddWithValue("sha", script.Sha256);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                applied.Add(script.Name);
            }

            await transaction.CommitAsync(cancellationToken);
            return applied;
        }
        catch (PostgresException e)
        {
            throw new CollabStorageException(
                $"The Collab schema could not be applied to PostgreSQL {target}: {e.MessageText} (SQLSTATE {e.SqlState}).", e);
        }
        catch (NpgsqlException e)
        {
            throw new CollabStorageException($"PostgreSQL {target} failed while applying the Collab schema ({e.Message}).", e);
        }
    }

    /// <summary>The connection string handed to Orleans' ADO.NET providers: session time zone UTC so
    /// timestamps compare the same whatever the server's default; unless the connection string says otherwise, at most
    /// <see cref="DefaultOrleansPoolSize"/> connections, no session reset when a connection goes back to the pool and
    /// the providers' statements prepared once per connection (see <see cref="WithOrleansStatementDefaults"/>).</summary>
    public static string ForOrleans(string connectionString) =>
        WithOrleansStatementDefaults(WithPoolLimit(new NpgsqlConnectionStringBuilder(connectionString) { Timezone = "UTC" }.ConnectionString, DefaultOrleansPoolSize));

    /// <summary>Statements the Orleans providers' pool keeps prepared per connection (their queries are a fixed set of
    /// about 20, read from <c>orleansquery</c>), unless the connection string sets <c>Max Auto Prepare</c>.</summary>
    public const int DefaultOrleansAutoPrepare = 32;

    /// <summary>
    /// <c>No Reset On Close=true</c> and <c>Max Auto Prepare</c> = <see cref="DefaultOrleansAutoPrepare"/> unless the
    /// connection string sets them. Issue #17: every grain write took a pooled connection, and Npgsql's reset
    /// (<c>DISCARD ALL</c>) made each write two statements, two round trips and two server transactions, and dropped the
    /// write's parsed and planned statement so that it was parsed again. The Orleans providers set no session state
    /// (no <c>SET</c>, temporary table, <c>LISTEN</c> or advisory lock: their statements are the <c>orleansquery</c>
    /// rows and the storage function), so there is nothing to reset; this pool is theirs alone.
    /// </summary>
    public static string WithOrleansStatementDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(connectionString, "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        if (!Sets(connectionString, "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultOrleansAutoPrepare;
        }

        return builder.ConnectionString;
    }

    private static bool Sets(string connectionString, params string[] keys)
    {
        var raw = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return raw.Keys.Cast<string>().Any(k => k.Replace(" ", string.Empty, StringComparison.Ordinal) is var key
            && keys.Any(wanted => key.Equals(wanted, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Connections one silo's Orleans providers may open at most, unless the connection string says
    /// otherwise: two silos and their Identity pools stay well below PostgreSQL's default 100 connections
    /// (Npgsql's own default, 100 per silo, exhausted them while seeding: "53300").</summary>
    public const int DefaultOrleansPoolSize = 20;

    /// <summary><paramref name="connectionString"/> with <c>Maximum Pool Size</c> = <paramref name="poolSize"/>
    /// unless it already sets one.</summary>
    public static string WithPoolLimit(string connectionString, int poolSize)
    {
        return Sets(connectionString, "MaxPoolSize", "MaximumPoolSize") ? connectionString : new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = poolSize }.ConnectionString;
    }

    /// <summary>"host:port, database 'x'" — never the password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"at {builder.Host ?? "localhost"}:{builder.Port} (database '{builder.Database ?? builder.Username ?? "?"}')";

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 120 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema: {Applied}")]
    private static partial void LogApplied(ILogger logger, string applied);
}
