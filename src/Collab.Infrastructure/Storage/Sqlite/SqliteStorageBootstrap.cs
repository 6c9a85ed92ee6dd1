using Collab.Infrastructure.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Collab.Infrastructure.Storage.Sqlite;

/// <summary>
/// Prepares the embedded data directory before the silo starts: creates it, proves it is writable,
/// opens the database (WAL on), checks it is a sound SQLite file and applies the schema. Any failure is
/// a <see cref="CollabStorageException"/> naming the path, which stops the host. While the silo runs it
/// holds an exclusive lock on <c>collab.lock</c>: a second embedded Collab process on the same data
/// directory (a second, unrelated single-silo cluster writing the same file) is refused.
/// </summary>
public sealed partial class SqliteStorageBootstrap(CollabOptions options, ILogger<SqliteStorageBootstrap> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Name of the lock file in the data directory.</summary>
    public const string LockFileName = "collab.lock";

    private FileStream? directoryLock;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            nameof(SqliteStorageBootstrap),
            ServiceLifecycleStage.First,
            _ =>
            {
                Prepare(options);
                directoryLock = AcquireLock(options.DataDirectory);
                LogReady(logger, options.EmbeddedDatabasePath);
                return Task.CompletedTask;
            },
            _ =>
            {
                directoryLock?.Dispose();
                directoryLock = null;
                return Task.CompletedTask;
            });

    /// <summary>Takes the exclusive lock of the data directory (released when the stream is disposed).</summary>
    public static FileStream AcquireLock(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, LockFileName);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.Write($"{Environment.ProcessId} {Environment.MachineName}\n");
            }

            stream.Flush();
            return stream;
        }
        catch (IOException e)
        {
            throw new CollabStorageException(
                $"The data directory '{dataDirectory}' is already used by another Collab process (lock file '{path}'). Stop it or set another Collab:DataDirectory.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CollabStorageException($"The lock file '{path}' cannot be written ({e.Message}).", e);
        }
    }

    /// <summary>Runs the checks and applies the schema; idempotent.</summary>
    public static void Prepare(CollabOptions options)
    {
        var directory = options.DataDirectory;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new CollabStorageException(
                $"The data directory '{directory}' cannot be created ({e.Message}). Set Collab:DataDirectory to a writable directory.", e);
        }

        var probe = Path.Combine(directory, $".collab-write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CollabStorageException(
                $"The data directory '{directory}' is read-only or not accessible ({e.Message}). Collab needs to write its database there; fix the permissions or set Collab:DataDirectory.", e);
        }

        var path = options.EmbeddedDatabasePath;
        if (File.Exists(path))
        {
            try
            {
                using var _ = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CollabStorageException(
                    $"The database file '{path}' is read-only or locked ({e.Message}).", e);
            }
        }

        try
        {
            using var connection = new SqliteConnection(options.GetSqliteConnectionString());
            connection.Open();
            var journal = Scalar(connection, "PRAGMA journal_mode = WAL;");
            if (!string.Equals(journal, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new CollabStorageException($"The database file '{path}' could not be switched to WAL mode (journal mode is '{journal}').");
            }

            var check = Scalar(connection, "PRAGMA quick_check;");
            if (!string.Equals(check, "ok", StringComparison.OrdinalIgnoreCase))
            {
                throw new CollabStorageException(
                    $"The database file '{path}' is corrupt (SQLite quick_check: {check}). Restore it from a backup or move it away.");
            }

            using var transaction = connection.BeginTransaction();
            foreach (var script in SqlScripts.Sqlite)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = script.Text;
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        catch (SqliteException e)
        {
            // SQLITE_NOTADB (26), SQLITE_CORRUPT (11), SQLITE_READONLY (8), SQLITE_CANTOPEN (14), ...
            var what = e.SqliteErrorCode switch
            {
                11 or 26 => "is corrupt or not a SQLite database",
                8 => "is read-only",
                14 => "cannot be opened",
                _ => "cannot be used",
            };
            throw new CollabStorageException(
                $"The database file '{path}' {what} ({e.Message}). Restore it from a backup, move it away, or set Collab:DataDirectory.", e);
        }
    }

    private static string Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded storage ready: {DatabasePath} (SQLite, WAL)")]
    private static partial void LogReady(ILogger logger, string databasePath);
}
