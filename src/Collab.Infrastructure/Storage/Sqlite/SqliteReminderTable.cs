using System.Globalization;
using Collab.Infrastructure.Configuration;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;

namespace Collab.Infrastructure.Storage.Sqlite;

/// <summary>
/// Orleans reminder table on the embedded SQLite file, so <c>RegisterOrUpdateReminder</c> works the same
/// in embedded and cluster mode and reminders survive a restart. ETags are row versions.
/// </summary>
public sealed class SqliteReminderTable(CollabOptions options) : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_utc, period_ms, version";
    private readonly string connectionString = options.GetSqliteConnectionString();
    private readonly string serviceId = options.ServiceId;

    public Task StartAsync(CancellationToken cancellationToken = default) =>
        // The bootstrap created the table before the silo started; fail early if the file went away.
        ExecuteScalarAsync("SELECT COUNT(*) FROM collab_reminders WHERE service_id = $service", _ => { }, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {Columns} FROM collab_reminders WHERE service_id = $service AND grain_id = $grain",
            c => c.Parameters.AddWithValue("$grain", grainId.ToString()),
            cancellationToken);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <summary>Rows whose grain hash lies in the ring range (begin, end]; begin &gt;= end wraps around.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) =>
        QueryAsync(
            begin < end
                ? $"SELECT {Columns} FROM collab_reminders WHERE service_id = $service AND grain_hash > $begin AND grain_hash <= $end"
                : $"SELECT {Columns} FROM collab_reminders WHERE service_id = $service AND (grain_hash > $begin OR grain_hash <= $end)",
            c =>
            {
                c.Parameters.AddWithValue("$begin", (long)begin);
                c.Parameters.AddWithValue("$end", (long)end);
            },
            cancellationToken);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var data = await QueryAsync(
            $"SELECT {Columns} FROM collab_reminders WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name",
            c =>
            {
                c.Parameters.AddWithValue("$grain", grainId.ToString());
                c.Parameters.AddWithValue("$name", reminderName);
            },
            cancellationToken);
        return data.Reminders.FirstOrDefault();
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var version = await ExecuteScalarAsync(
            """
            INSERT INTO collab_reminders (service_id, grain_id, reminder_name, grain_hash, start_utc, period_ms, version)
            VALUES ($service, $grain, $name, $hash, $start, $period, 0)
            ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET
                grain_hash = excluded.grain_hash,
                start_utc = excluded.start_utc,
                period_ms = excluded.period_ms,
                version = collab_reminders.version + 1
            RETURNING version
            """,
            c =>
            {
                c.Parameters.AddWithValue("$grain", entry.GrainId.ToString());
                c.Parameters.AddWithValue("$name", entry.ReminderName);
                c.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
                c.Parameters.AddWithValue("$start", FormatUtc(entry.StartAt));
                c.Parameters.AddWithValue("$period", (long)entry.Period.TotalMilliseconds);
            },
            cancellationToken);
        return Convert.ToInt64(version, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM collab_reminders
            WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name AND version = $version
            """;
        command.Parameters.AddWithValue("$service", serviceId);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        command.Parameters.AddWithValue("$name", reminderName);
        command.Parameters.AddWithValue("$version", version);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public Task TestOnlyClearTable(CancellationToken cancellationToken) =>
        ExecuteScalarAsync("DELETE FROM collab_reminders WHERE service_id = $service", _ => { }, cancellationToken);

    internal static string FormatUtc(DateTime value) =>
        (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc))
            .ToString("O", CultureInfo.InvariantCulture);

    private static DateTime ParseUtc(string value)
    {
        var parsed = DateTime.ParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        return parsed.Kind == DateTimeKind.Utc ? parsed : DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
    }

    private async Task<ReminderTableData> QueryAsync(string sql, Action<SqliteCommand> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", serviceId);
        parameters(command);
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = ParseUtc(reader.GetString(2)),
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }

        return new ReminderTableData(entries);
    }

    private async Task<object?> ExecuteScalarAsync(string sql, Action<SqliteCommand> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", serviceId);
        parameters(command);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteConnections.OpenAsync(connectionString, cancellationToken);
}
