using Collab.Infrastructure.Configuration;
using Collab.Infrastructure.Storage.Sqlite;
using Collab.Infrastructure.Tests.Probes;
using Collab.Infrastructure.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Reminders;

namespace Collab.Infrastructure.Tests.Embedded;

/// <summary>Embedded reminders: persisted in the SQLite file, reloaded and fired after a restart.</summary>
public sealed class SqliteReminderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Reminder_row_is_persisted_and_a_restarted_silo_loads_and_fires_it()
    {
        var key = "PO-" + Guid.NewGuid().ToString("N")[..8];
        var firstClock = new SignalingTimeProvider(T0);
        await using (var first = await CollabTestHost.StartAsync(
            CollabTestHost.Embedded(data.Path),
            s => s.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, firstClock)))
        {
            await first.Grains.GetGrain<IReminderProbeGrain>(key).RegisterAsync("relance", TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        }

        // The row is in the file while no silo runs.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(data.Path, "collab.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT grain_id, start_utc, period_ms, version FROM collab_reminders WHERE reminder_name = 'relance'";
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal($"reminderprobe/{key}", reader.GetString(0));
            Assert.Equal(T0.AddHours(1).UtcDateTime, DateTime.Parse(reader.GetString(1), null, System.Globalization.DateTimeStyles.RoundtripKind));
            Assert.Equal(3_600_000L, reader.GetInt64(2));
            Assert.Equal(0L, reader.GetInt64(3));
            Assert.False(reader.Read());
        }

        Assert.False(ReminderProbeGrain.WhenFired(key, "relance").IsCompleted);

        // Restart 30 s before the due time (fake clock, inside the reminder loading window): the new silo
        // must load the reminder from the table and arm it for T0 + 1 h, without anyone calling the grain.
        var secondClock = new SignalingTimeProvider(T0.AddHours(1).AddSeconds(-30));
        await using var second = await CollabTestHost.StartAsync(
            CollabTestHost.Embedded(data.Path),
            s => s.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, secondClock));
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await secondClock.WaitForTimerDueAtAsync(T0.AddHours(1), deadline.Token);
        }

        Assert.False(ReminderProbeGrain.WhenFired(key, "relance").IsCompleted);
        secondClock.Advance(TimeSpan.FromSeconds(30));
        await ReminderProbeGrain.WhenFired(key, "relance").WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Reminder_table_versions_rows_and_reads_ring_ranges_including_the_wrap_around()
    {
        var options = CollabOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Collab:DataDirectory"] = data.Path }).Build());
        SqliteStorageBootstrap.Prepare(options);
        var table = new SqliteReminderTable(options);
        await table.StartAsync();

        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("reminderprobe", "g" + i)).ToList();
        foreach (var grain in grains)
        {
            var etag = await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "r", StartAt = T0.UtcDateTime, Period = TimeSpan.FromMinutes(5) });
            Assert.Equal("0", etag);
        }

        var updated = await table.UpsertRow(new ReminderEntry { GrainId = grains[0], ReminderName = "r", StartAt = T0.UtcDateTime.AddHours(2), Period = TimeSpan.FromMinutes(10) });
        Assert.Equal("1", updated);
        var row = await table.ReadRow(grains[0], "r");
        Assert.NotNull(row);
        Assert.Equal(T0.UtcDateTime.AddHours(2), row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(10), row.Period);

        Assert.False(await table.RemoveRow(grains[0], "r", "0"));
        Assert.True(await table.RemoveRow(grains[0], "r", "1"));
        Assert.Null(await table.ReadRow(grains[0], "r"));
        var remaining = grains.Skip(1).ToList();

        // (begin, end] ranges, the full ring (begin == end) and a wrapping range must partition the rows.
        var full = await table.ReadRows(0u, 0u);
        Assert.Equal(remaining.Count, full.Reminders.Count);
        var hashes = remaining.Select(g => g.GetUniformHashCode()).Order().ToList();
        var cut1 = hashes[hashes.Count / 3];
        var cut2 = hashes[2 * hashes.Count / 3];
        var middle = await table.ReadRows(cut1, cut2);
        var wrap = await table.ReadRows(cut2, cut1);
        Assert.Equal(hashes.Count(h => h > cut1 && h <= cut2), middle.Reminders.Count);
        Assert.All(middle.Reminders, r => Assert.InRange(r.GrainId.GetUniformHashCode(), cut1 + 1, cut2));
        Assert.Equal(remaining.Count, middle.Reminders.Count + wrap.Reminders.Count);
        Assert.Empty(middle.Reminders.Select(r => r.GrainId).Intersect(wrap.Reminders.Select(r => r.GrainId)));

        var byGrain = await table.ReadRows(grains[5]);
        Assert.Equal(grains[5], Assert.Single(byGrain.Reminders).GrainId);
    }
}
