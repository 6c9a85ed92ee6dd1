using System.Globalization;
using Collab.Infrastructure.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Collab.Infrastructure.Storage.Sqlite;

/// <summary>
/// Orleans grain storage on one SQLite file (embedded mode). Optimistic concurrency: the ETag is the
/// row version; a write or clear carrying a stale ETag, or a first write racing another one, raises
/// <see cref="InconsistentStateException"/>. The table has a UNIQUE grain identity, so two rows for one
/// grain state cannot exist.
/// </summary>
public sealed partial class SqliteGrainStorage(
    string name,
    CollabOptions options,
    IGrainStorageSerializer serializer,
    IActivatorProvider activatorProvider,
    TimeProvider clock,
    ILogger<SqliteGrainStorage> logger) : IGrainStorage
{
    private readonly string connectionString = options.GetSqliteConnectionString();
    private readonly string serviceId = options.ServiceId;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT payload, version FROM collab_grain_state
            WHERE service_id = $service AND state_name = $state AND grain_id = $grain
            """;
        AddIdentity(command, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = Create<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var version = reader.GetInt64(1);
        if (reader.IsDBNull(0))
        {
            grainState.State = Create<T>();
            grainState.RecordExists = false;
        }
        else
        {
            var payload = (byte[])reader.GetValue(0);
            grainState.State = serializer.Deserialize<T>(new BinaryData(payload)) ?? Create<T>();
            grainState.RecordExists = true;
        }

        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State).ToArray();
        var expected = ParseETag(grainState.ETag);
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        if (expected is null)
        {
            command.CommandText = """
                INSERT INTO collab_grain_state (service_id, state_name, grain_id, payload, version, modified_utc)
                VALUES ($service, $state, $grain, $payload, 1, $now)
                ON CONFLICT (service_id, state_name, grain_id) DO NOTHING
                """;
        }
        else
        {
            command.CommandText = """
                UPDATE collab_grain_state SET payload = $payload, version = version + 1, modified_utc = $now
                WHERE service_id = $service AND state_name = $state AND grain_id = $grain AND version = $version
                """;
            command.Parameters.AddWithValue("$version", expected.Value);
        }

        AddIdentity(command, stateName, grainId);
        command.Parameters.AddWithValue("$payload", payload);
        command.Parameters.AddWithValue("$now", Now());
        var changed = await command.ExecuteNonQueryAsync();
        if (changed != 1)
        {
            throw await ConflictAsync(connection, "write", stateName, grainId, grainState.ETag);
        }

        grainState.ETag = ((expected ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var expected = ParseETag(grainState.ETag);
        if (expected is null)
        {
            // Never written (or written by nobody we know of): nothing to clear unless a row appeared meanwhile.
            await using var probe = await OpenAsync();
            if (await ReadVersionAsync(probe, stateName, grainId) is not null)
            {
                throw await ConflictAsync(probe, "clear", stateName, grainId, grainState.ETag);
            }

            grainState.State = Create<T>();
            grainState.RecordExists = false;
            return;
        }

        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE collab_grain_state SET payload = NULL, version = version + 1, modified_utc = $now
            WHERE service_id = $service AND state_name = $state AND grain_id = $grain AND version = $version
            """;
        AddIdentity(command, stateName, grainId);
        command.Parameters.AddWithValue("$version", expected.Value);
        command.Parameters.AddWithValue("$now", Now());
        if (await command.ExecuteNonQueryAsync() != 1)
        {
            throw await ConflictAsync(connection, "clear", stateName, grainId, grainState.ETag);
        }

        grainState.ETag = (expected.Value + 1).ToString(CultureInfo.InvariantCulture);
        grainState.State = Create<T>();
        grainState.RecordExists = false;
    }

    private async Task<InconsistentStateException> ConflictAsync(
        SqliteConnection connection, string operation, string stateName, GrainId grainId, string? etag)
    {
        var stored = await ReadVersionAsync(connection, stateName, grainId);
        var storedText = stored?.ToString(CultureInfo.InvariantCulture) ?? "none";
        LogConflict(logger, operation, name, stateName, grainId, etag ?? "none", storedText);
        return new InconsistentStateException(
            $"Version conflict ({operation}) in grain storage '{name}': state '{stateName}' of grain {grainId} " +
            $"carries ETag '{etag ?? "none"}' but the stored version is '{storedText}'.",
            storedText,
            etag ?? "none");
    }

    private async Task<long?> ReadVersionAsync(SqliteConnection connection, string stateName, GrainId grainId)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT version FROM collab_grain_state
            WHERE service_id = $service AND state_name = $state AND grain_id = $grain
            """;
        AddIdentity(command, stateName, grainId);
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? null : Convert.ToInt64(result, CultureInfo.InvariantCulture);
    }

    private void AddIdentity(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$service", serviceId);
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
    }

    private Task<SqliteConnection> OpenAsync() => SqliteConnections.OpenAsync(connectionString);

    private string Now() => clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private T Create<T>() => activatorProvider.GetActivator<T>().Create();

    private static long? ParseETag(string? etag) =>
        string.IsNullOrEmpty(etag)
            ? null
            : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                ? version
                : throw new InconsistentStateException($"ETag '{etag}' was not issued by the SQLite grain storage.", "unknown", etag);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Grain storage conflict on {Operation} (provider {Provider}, state {StateName}, grain {GrainId}): ETag {ETag}, stored version {StoredVersion}")]
    private static partial void LogConflict(ILogger logger, string operation, string provider, string stateName, GrainId grainId, string etag, string storedVersion);
}
