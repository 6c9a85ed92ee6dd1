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
            var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = true, MaxPoolSize = 200 }.ConnectionString;
            using var a = await StartSiloAsync(connectionString);
            using var b = await StartSiloAsync(connectionString);
            var factories = new[] { a.Services.GetRequiredService<IGrainFactory>(), b.Services.GetRequiredService<IGrainFactory>() };
            var codes = Enumerable.Range(1, grains).Select(i => $"PGW{i:00000}").ToArray();

            Console.WriteLine($"PostgreSQL writes: 2 silos (cluster mode, loopback), {grains} distinct site grains, {inFlight} commands in flight, load average {BenchMachine.LoadAverage()}");
            await RunRoundAsync(factories, codes, inFlight, expectedVersion: 0, "create (first write, activation included)");
            var measured = await RunRoundAsync(factories, codes, inFlight, expectedVersion: 1, "rename (activated grains)");
            await RunRoundAsync(factories, codes, inFlight, expectedVersion: 2, "rename again");
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

    private static async Task<(double PerSecond, double P99)> RunRoundAsync(IGrainFactory[] factories, string[] codes, int inFlight, long expectedVersion, string label)
    {
        var latencies = new double[codes.Length];
        var next = -1;
        var wall = Stopwatch.StartNew();
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
        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))];
        var perSecond = codes.Length / wall.Elapsed.TotalSeconds;
        Console.WriteLine($"  {label,-42} {perSecond,7:N0} writes/s   p50 {P(0.5),6:0.00} ms  p90 {P(0.9),6:0.00}  p99 {P(0.99),6:0.00}  max {latencies[^1],7:0.00}");
        return (perSecond, P(0.99));
    }

    private static async Task<IHost> StartSiloAsync(string connectionString)
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
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }


    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
