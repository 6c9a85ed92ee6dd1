using System.Data.Common;
using Collab.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Collab.Web.Identity;

/// <summary>Chooses and prepares the Identity database from the storage mode.</summary>
public static class IdentityStorage
{
    /// <summary>Configures EF Core for the mode: SQLite file or PostgreSQL.</summary>
    public static void Configure(DbContextOptionsBuilder options, CollabStorageSettings settings)
    {
        if (settings.Mode == CollabMode.Cluster)
        {
            options.UseNpgsql(Collab.Infrastructure.Storage.Postgres.PostgresSchemaBootstrap.WithPoolLimit(settings.PostgresConnectionString!, 10));
        }
        else
        {
            options.UseSqlite(new SqliteConnectionStringBuilder
            {
                DataSource = settings.IdentityDatabasePath,
                Pooling = true,
            }.ToString());
        }
    }

    /// <summary>Creates the Identity tables when they are missing. Idempotent, and safe when
    /// the database already holds other tables (Orleans'), where EnsureCreated would do
    /// nothing. In cluster mode an advisory lock serialises concurrent silos.</summary>
    public static async Task EnsureSchemaAsync(CollabIdentityDbContext db, CollabStorageSettings settings, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        try
        {
            if (settings.Mode == CollabMode.Embedded)
            {
                Directory.CreateDirectory(settings.DataDirectory);
            }

            await db.Database.OpenConnectionAsync(ct);
        }
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new Collab.Infrastructure.Storage.CollabStorageException(settings.Mode == CollabMode.Embedded
                ? $"Cannot open the Identity database '{settings.IdentityDatabasePath}': {ex.Message}"
                : $"Cannot connect to PostgreSQL for the Identity database ({settings.RedactedPostgresTarget}): {ex.Message}", ex);
        }

        try
        {
            var connection = db.Database.GetDbConnection();
            if (settings.Mode == CollabMode.Cluster)
            {
                await ExecuteAsync(connection, "SELECT pg_advisory_lock(7301726)", ct);
            }
            else
            {
                await ExecuteAsync(connection, "PRAGMA journal_mode=WAL", ct);
            }

            try
            {
                if (!await UsersTableExistsAsync(connection, settings.Mode, ct))
                {
                    await creator.CreateTablesAsync(ct);
                }
            }
            finally
            {
                if (settings.Mode == CollabMode.Cluster)
                {
                    await ExecuteAsync(connection, "SELECT pg_advisory_unlock(7301726)", CancellationToken.None);
                }
            }
        }
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException)
        {
            throw new Collab.Infrastructure.Storage.CollabStorageException(settings.Mode == CollabMode.Embedded
                ? $"Cannot prepare the Identity database '{settings.IdentityDatabasePath}' (corrupt or read-only?): {ex.Message}"
                : $"Cannot prepare the Identity tables in PostgreSQL ({settings.RedactedPostgresTarget}): {ex.Message}", ex);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<bool> UsersTableExistsAsync(DbConnection connection, CollabMode mode, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = mode == CollabMode.Cluster
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'AspNetUsers'"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'AspNetUsers'";
        var count = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        return count > 0;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteScalarAsync(ct);
    }

    internal static string Redact(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "no connection string";
        }

        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{b.Host}:{b.Port}/{b.Database}";
        }
        catch (ArgumentException)
        {
            return "invalid connection string";
        }
    }
}
