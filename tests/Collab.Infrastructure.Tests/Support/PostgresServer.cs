using System.Diagnostics;
using Npgsql;

namespace Collab.Infrastructure.Tests.Support;

/// <summary>
/// A real PostgreSQL 15 for the cluster-mode tests: the server named by <c>COLLAB_TEST_POSTGRES</c>
/// (an admin connection string), or else a throw-away server initialised in a temp directory on a free
/// loopback port and stopped on dispose. Each test gets its own database (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private string? directory;
    private bool asPostgresUser;

    public string AdminConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("COLLAB_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
        {
            AdminConnectionString = new NpgsqlConnectionStringBuilder(external) { Database = "postgres", Pooling = false }.ConnectionString;
            return;
        }

        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed ({BinDirectory}/initdb missing): run 'apt-get install -y postgresql' or set COLLAB_TEST_POSTGRES.");
        }

        directory = Path.Combine(Path.GetTempPath(), "collab-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        asPostgresUser = Environment.UserName == "root";
        if (asPostgresUser)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            await RunAsync("chown", ["postgres:postgres", directory], asPostgres: false);
        }

        var port = FreePort.Next();
        var data = Path.Combine(directory, "data");
        await RunAsync(Path.Combine(BinDirectory, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
        await RunAsync(Path.Combine(BinDirectory, "pg_ctl"),
        [
            "-D", data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {directory} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            "start",
        ]);
        AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    /// <summary>Creates an empty database <c>collab_t_&lt;random&gt;</c>; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "collab_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (directory is null)
        {
            return;
        }

        try
        {
            NpgsqlConnection.ClearAllPools();
            await RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", Path.Combine(directory, "data"), "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private Task RunAsync(string file, IReadOnlyList<string> arguments) => RunAsync(file, arguments, asPostgresUser);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
