using Microsoft.Data.Sqlite;

namespace Collab.Infrastructure.Storage.Sqlite;

/// <summary>Opens the embedded database's connections the grain storage and the reminder table write through.</summary>
public static class SqliteConnections
{
    /// <summary>How long SQLite itself waits for another writer's lock before saying "busy".</summary>
    public const int BusyTimeoutMs = 5_000;

    /// <summary>
    /// Opens a (pooled) connection and lets SQLite wait for the write lock: without a busy timeout SQLite answers
    /// "busy" at once and Microsoft.Data.Sqlite retries every 150 ms, so a small write queued behind a large one (a
    /// plan run's snapshot row while its consequences are told, issue #17) waited 150–300 ms for a lock held a few
    /// milliseconds. SQLite's own handler retries within milliseconds of the lock's release.
    /// </summary>
    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs};";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
