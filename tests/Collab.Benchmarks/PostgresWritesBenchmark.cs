using System.Diagnostics;
using System.Globalization;
using Collab.Contracts.Sites;
using Collab.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Collab.Benchmarks;

/// <summary>
/// Issue #17 line "durable grain writes to PostgreSQL, distinct grains, 2 silos: ≥ 2,000/s, p99 &lt; 25 ms".
/// Two silos configured exactly like cluster mode (<c>AddCollabOrleans</c>, ADO.NET clustering/storage/reminders on
/// PostgreSQL, loopback) form one cluster on a fresh database; N distinct site grains are renamed once to activate
/// and create them (not measured), then renamed again with C commands in flight, half through each silo. Each rename
/// is a versioned command: validate → one durable state write (a row in <c>orleansstorage</c>, etag-checked) → publish.
/// Latency is the client-side duration of each command; throughput is commands / wall-clock time.
/// PostgreSQL: <c>--pg "Host=…;Username=…"</c> or <c>COLLAB_BENCH_POSTGRES</c> (an admin connection string; a database
/// <c>collab_bench_…</c> is created and dropped).
/// </summary>
public static class PostgresWritesBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        var grains = BenchMachine.Option(args, "--grains", 4000);
        var inFlight = BenchMachine.Option(args, "--in-flight", 64);
        // Investigation knobs (issue #17): libpq options for the silos' connections (e.g. "-c synchronous_commit=off"),
        // the silos' pool size, every command through one silo, and the storage function alone without Orleans.
        var pgOptions = BenchMachine.Option(args, "--options");
        var pool = BenchMachine.Option(args, "--pool", Collab.Infrastructure.Storage.Postgres.PostgresSchemaBootstrap.DefaultOrleansPoolSize); // cluster mode's own default
        var viaOne = BenchMachine.Option(args, "--via") == "one";
        var raw = args.Contains("--raw");
        if (BenchMachine.Option(args, "--min-threads", 0) is > 0 and var minThreads)
        {
            ThreadPool.SetMinThreads(minThreads, minThreads);
        }
        var admin = BenchMachine.Option(args, "--pg") ?? Environment.GetEnvironmentVariable("COLLAB_BENCH_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            Console.WriteLine("pg-writes needs a PostgreSQL admin connection string: --pg \"Host=127.0.0.1;Port=5432;Username=postgres\" or COLLAB_BENCH_POSTGRES (docs/performance.md says how to start a throw-away one).");
            return 2;
        }

        var database = "collab_bench_" + Guid.NewGuid().ToString("N")[..10];
        await ExecuteAsync(admin, $"CREATE DATABASE {database}");
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = true, MaxPoolSize = pool, Options = pgOptions }.ConnectionString;
            using var a = await StartSiloAsync(connectionString);
            using var b = await StartSiloAsync(connectionString);
            var factories = new[] { a.Services.GetRequiredService<IGrainFactory>(), b.Services.GetRequiredService<IGrainFactory>() };
            if (viaOne)
            {
                factories = [factories[0], factories[0]];
            }

            var codes = Enumerable.Range(1, grains).Select(i => $"PGW{i:00000}").ToArray();

            Console.WriteLine($"PostgreSQL writes: 2 silos (cluster mode, loopback), {grains} distinct site grains, {inFlight} commands in flight, " +
                $"pool {pool}, options '{pgOptions}', via {(viaOne ? "one silo" : "both silos")}, load average {BenchMachine.LoadAverage()}");
            if (raw)
            {
                await RawRoundAsync(connectionString, grains, inFlight);
            }

            if (args.Contains("--storage-only"))
            {
                await StorageOnlyRoundsAsync(a.Services, grains, inFlight);
            }

            await RunRoundAsync(factories, codes, inFlight, expectedVersion: 0, "create (first write, activation included)", connectionString);
            var measured = await RunRoundAsync(factories, codes, inFlight, expectedVersion: 1, "rename (activated grains)", connectionString);
            await RunRoundAsync(factories, codes, inFlight, expectedVersion: 2, "rename again", connectionString);
            var rows = await ScalarAsync(connectionString, "SELECT COUNT(*) FROM orleansstorage WHERE graintypestring = 'site' AND version = 3");
            Console.WriteLine($"rows at version 3 in orleansstorage: {rows} (expected {grains}); goal ≥ 2,000 writes/s, p99 < 25 ms: {(measured.PerSecond >= 2000 && measured.P99 < 25 ? "met" : "not met")}");
            Console.WriteLine($"load average at the end {BenchMachine.LoadAverage()}");
            await a.StopAsync();
            await b.StopAsync();
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }

        return 0;
    }

    private static async Task<(double PerSecond, double P99)> RunRoundAsync(IGrainFactory[] factories, string[] codes, int inFlight, long expectedVersion, string label, string connectionString)
    {
        var latencies = new double[codes.Length];
        var next = -1;
        var before = await StatsAsync(connectionString);
        using var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        using var sampling = new CancellationTokenSource();
        var sampler = SampleAsync(connectionString, sampling.Token);
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < codes.Length)
            {
                var started = Stopwatch.GetTimestamp();
                var info = await factories[i % 2].GetGrain<ISiteGrain>(codes[i]).RenameAsync($"Usine {codes[i]} v{expectedVersion + 1}", expectedVersion, "bench");
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (info.Version != expectedVersion + 1)
                {
                    throw new InvalidOperationException($"{codes[i]} at version {info.Version}, expected {expectedVersion + 1}");
                }
            }
        }));
        wall.Stop();
        await sampling.CancelAsync();
        var samples = await sampler;
        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))];
        var perSecond = codes.Length / wall.Elapsed.TotalSeconds;
        Console.WriteLine($"  {label,-42} {perSecond,7:N0} writes/s   p50 {P(0.5),6:0.00} ms  p90 {P(0.9),6:0.00}  p99 {P(0.99),6:0.00}  max {latencies[^1],7:0.00}");
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpu0).TotalMilliseconds;
        var after = await StatsAsync(connectionString);
        Console.WriteLine($"    per command: {(after.Rows - before.Rows) / (double)codes.Length:0.00} storage rows written, {(after.Commits - before.Commits) / (double)codes.Length:0.00} PostgreSQL commits, " +
            $"{cpuMs / codes.Length:0.00} ms CPU of this process (2 silos + client; {cpuMs / wall.Elapsed.TotalMilliseconds:0.00} cores busy), load average {BenchMachine.LoadAverage()}");
        Console.WriteLine($"    sampled every 100 ms: {samples}");
        return (perSecond, P(0.99));
    }

    /// <summary>
    /// Where the commands wait, sampled every 100 ms while a round runs: this process' thread pool (threads, queued work
    /// items) and the benchmark database's server processes by state and wait event (pg_stat_activity).
    /// </summary>
    private static async Task<string> SampleAsync(string connectionString, CancellationToken stop)
    {
        var n = 0;
        double threads = 0, queued = 0, connections = 0, running = 0, sleeping = 0;
        var waits = new Dictionary<string, double>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(CancellationToken.None);
        while (!stop.IsCancellationRequested)
        {
            n++;
            threads += ThreadPool.ThreadCount;
            queued += ThreadPool.PendingWorkItemCount;
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var state = stat[(stat.LastIndexOf(')') + 2)..][0];
                    running += state == 'R' ? 1 : 0;
                    sleeping += state is 'S' or 'D' ? 1 : 0;
                }
                catch (IOException)
                {
                    // the thread ended meanwhile
                }
            }
            await using (var command = new NpgsqlCommand(
                "SELECT state || COALESCE('/' || wait_event_type || ':' || wait_event, ''), COUNT(*) FROM pg_stat_activity " +
                "WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY 1", connection))
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    var key = reader.IsDBNull(0) ? "?" : reader.GetString(0);
                    var count = reader.GetInt64(1);
                    waits[key] = waits.GetValueOrDefault(key) + count;
                    connections += count;
                }
            }

            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        n = Math.Max(1, n);
        var top = string.Join(", ", waits.OrderByDescending(w => w.Value).Take(6).Select(w => $"{w.Key} {w.Value / n:0.0}"));
        return $"{n} samples; thread pool {threads / n:0.0} threads, {queued / n:0.0} queued; OS threads running {running / n:0.0}, sleeping {sleeping / n:0.0}; server connections {connections / n:0.0}: {top}";
    }

    /// <summary>Storage rows inserted + updated and transactions committed so far (statistics flushed first).</summary>
    private static async Task<(long Rows, long Commits)> StatsAsync(string connectionString)
    {
        await Task.Delay(1200); // PostgreSQL 15 flushes a backend's statistics at most once a second
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT COALESCE(SUM(n_tup_ins + n_tup_upd), 0) FROM pg_stat_user_tables WHERE relname = 'orleansstorage'), " +
            "(SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetInt64(1));
    }

    /// <summary>
    /// The storage function alone: N distinct rows written twice (insert, then update at version 1) through Npgsql with
    /// C in flight, a 1 KB payload: what PostgreSQL and the driver give on this machine without Orleans.
    /// </summary>
    private static async Task RawRoundAsync(string connectionString, int rows, int inFlight)
    {
        var payload = new byte[1024];
        Random.Shared.NextBytes(payload);
        await using var source = NpgsqlDataSource.Create(connectionString);
        foreach (var insert in new[] { true, false })
        {
            await WriteRoundAsync(insert ? "raw storage function: insert" : "raw storage function: update", rows, inFlight, async i =>
            {
                await using var command = source.CreateCommand("SELECT collab_storage_write($1, $2, 0, 7, 'rawbench', NULL, 'rawbench', $3, $4)");
                command.Parameters.AddWithValue(i);
                command.Parameters.AddWithValue((long)i);
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer, Value = insert ? DBNull.Value : (object)1 });
                command.Parameters.AddWithValue(payload);
                await command.ExecuteScalarAsync();
            });
        }
    }

    /// <summary>
    /// The silo's grain storage provider alone (<c>--storage-only</c>): N string-keyed states of ~0.6 KB written three
    /// times (insert, update, update) with C in flight, no grain in between — what the ADO.NET provider, the serializer
    /// and the storage function give, to tell them apart from the grains' path (issue #17).
    /// </summary>
    private static async Task StorageOnlyRoundsAsync(IServiceProvider silo, int rows, int inFlight)
    {
        var storage = silo.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(Orleans.Providers.ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var states = Enumerable.Range(0, rows).Select(_ => new Orleans.GrainState<Dictionary<string, string>>(new() { ["Name"] = new string('x', 600) })).ToArray();
        foreach (var label in new[] { "storage only: insert", "storage only: update", "storage only: update again" })
        {
            await WriteRoundAsync(label, rows, inFlight, i => storage.WriteStateAsync("raw", GrainId.Create("pgwraw", $"K{i}"), states[i]));
        }
    }

    /// <summary>Writes 0..<paramref name="rows"/>-1 with <paramref name="inFlight"/> at a time; prints the rate and latencies.</summary>
    private static async Task WriteRoundAsync(string label, int rows, int inFlight, Func<int, Task> write)
    {
        var latencies = new double[rows];
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < rows)
            {
                var started = Stopwatch.GetTimestamp();
                await write(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        wall.Stop();
        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))];
        Console.WriteLine($"  {label,-42} {rows / wall.Elapsed.TotalSeconds,7:N0} writes/s   p50 {P(0.5),6:0.00} ms  p90 {P(0.9),6:0.00}  p99 {P(0.99),6:0.00}  max {latencies[^1],7:0.00}");
    }

    /// <summary>One silo configured exactly like cluster mode on <paramref name="connectionString"/> (free loopback ports), started; <paramref name="configure"/> adds to its host (e.g. a longer grain call timeout).</summary>
    internal static async Task<IHost> StartSiloAsync(string connectionString, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Collab:Mode"] = "Cluster",
            ["ConnectionStrings:Collab"] = connectionString,
            ["Collab:Cluster:ClusterId"] = "collab-bench",
            ["Collab:Cluster:ServiceId"] = "collab-bench",
            ["Collab:Cluster:SiloPort"] = BenchMachine.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Collab:Cluster:GatewayPort"] = BenchMachine.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Collab:Cluster:AdvertisedIPAddress"] = "127.0.0.1",
        });
        builder.AddCollabOrleans();
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }


    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
