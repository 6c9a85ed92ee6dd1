using System.Diagnostics;
using Collab.Infrastructure.Configuration;
using Collab.Infrastructure.Hosting;
using Collab.Infrastructure.Storage;
using Collab.Infrastructure.Tests.Support;

namespace Collab.Infrastructure.Tests.Embedded;

/// <summary>Bad input in embedded mode: the host refuses to start and names the path.</summary>
public sealed class DataDirectoryErrorTests : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Corrupt_database_file_stops_the_start_with_an_error_naming_the_file()
    {
        var file = Path.Combine(data.Path, "collab.db");
        await File.WriteAllTextAsync(file, "Ceci n'est pas une base SQLite. This is not a SQLite database, just text.");

        var error = await StartAndExpectStorageErrorAsync(CollabTestHost.Embedded(data.Path));
        Assert.Contains(file, error.Message);
        Assert.Contains("corrupt", error.Message);
    }

    [Fact]
    public async Task Read_only_data_directory_stops_the_start_with_an_error_naming_the_directory()
    {
        using var readOnly = ReadOnlyDirectory.Make(data.Path);
        var error = await StartAndExpectStorageErrorAsync(CollabTestHost.Embedded(data.Path));
        Assert.Contains(data.Path, error.Message);
        Assert.Contains("read-only", error.Message);
    }

    [Fact]
    public async Task A_second_embedded_process_on_the_same_data_directory_is_refused_until_the_first_stops()
    {
        await using (var first = await CollabTestHost.StartAsync(CollabTestHost.Embedded(data.Path)))
        {
            var error = await StartAndExpectStorageErrorAsync(CollabTestHost.Embedded(data.Path));
            Assert.Contains(data.Path, error.Message);
            Assert.Contains("another Collab process", error.Message);
        }

        await using var next = await CollabTestHost.StartAsync(CollabTestHost.Embedded(data.Path));
    }

    [Fact]
    public async Task Host_runner_prints_one_clear_line_and_returns_a_non_zero_exit_code()
    {
        var file = Path.Combine(data.Path, "collab.db");
        await File.WriteAllBytesAsync(file, Enumerable.Repeat((byte)0xAB, 8192).ToArray());
        using var host = CollabTestHost.Build(CollabTestHost.Embedded(data.Path));
        var stderr = new StringWriter();

        var exitCode = await host.RunCollabAsync(stderr);

        Assert.Equal(CollabHostRunner.StorageErrorExitCode, exitCode);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Collab cannot start: ", line);
        Assert.Contains(file, line);
    }

    [Theory]
    [InlineData("Collab:Mode", "Cloud", "Collab:Mode")]
    [InlineData("Collab:Embedded:SiloPort", "70000", "Collab:Embedded:SiloPort")]
    [InlineData("Collab:Cluster:AdvertisedIPAddress", "not-an-ip", "Collab:Cluster:AdvertisedIPAddress")]
    public void Invalid_setting_is_rejected_naming_the_key(string key, string value, string expectedKey)
    {
        var settings = CollabTestHost.Embedded(data.Path);
        settings[key] = value;
        var error = Assert.Throws<CollabConfigurationException>(() => CollabTestHost.Build(settings));
        Assert.Contains(expectedKey, error.Message);
    }

    [Fact]
    public void Cluster_mode_without_a_connection_string_is_rejected()
    {
        var error = Assert.Throws<CollabConfigurationException>(() => CollabTestHost.Build(new Dictionary<string, string?> { ["Collab:Mode"] = "cluster" }));
        Assert.Contains("ConnectionStrings:Collab", error.Message);
    }

    [Theory]
    [InlineData("Hots=db;Username=collab", "ConnectionStrings:Collab is not a valid")]
    [InlineData("Username=collab;Password=secret", "ConnectionStrings:Collab has no Host")]
    public void Cluster_mode_with_an_invalid_connection_string_is_rejected_without_echoing_it(string connectionString, string expected)
    {
        var error = Assert.Throws<CollabConfigurationException>(() => CollabTestHost.Build(new Dictionary<string, string?>
        {
            ["Collab:Mode"] = "Cluster",
            ["ConnectionStrings:Collab"] = connectionString,
        }));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public void Defaults_are_embedded_mode_a_data_folder_under_the_current_directory_and_the_standard_ports()
    {
        var options = CollabOptions.FromConfiguration(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), "/srv/collab");
        Assert.Equal(CollabMode.Embedded, options.Mode);
        Assert.Equal("/srv/collab/data", options.DataDirectory);
        Assert.Equal("/srv/collab/data/collab.db", options.EmbeddedDatabasePath);
        Assert.Equal(11111, options.Embedded.SiloPort);
        Assert.Equal(0, options.Embedded.GatewayPort); // no client gateway in embedded mode
        Assert.Equal(0, options.Cluster.GatewayPort); // closed unless configured
        Assert.Equal("127.0.0.1", options.Cluster.AdvertisedIPAddress.ToString());
    }

    private static async Task<CollabStorageException> StartAndExpectStorageErrorAsync(Dictionary<string, string?> settings)
    {
        var started = Stopwatch.StartNew();
        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => CollabTestHost.StartAsync(settings));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"start-up failed only after {started.Elapsed}");
        var storage = CollabHostRunner.Find<CollabStorageException>(thrown);
        Assert.True(storage is not null, $"expected a CollabStorageException, got {thrown}");
        return storage!;
    }

    /// <summary>Makes a directory read-only for this process, also when it runs as root (immutable flag).</summary>
    private sealed class ReadOnlyDirectory : IDisposable
    {
        private readonly string path;
        private readonly bool immutable;

        private ReadOnlyDirectory(string path, bool immutable)
        {
            this.path = path;
            this.immutable = immutable;
        }

        public static ReadOnlyDirectory Make(string path)
        {
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("The read-only directory test needs Unix permissions.");
            }

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            var immutable = false;
            if (Environment.UserName == "root" || geteuid() == 0)
            {
                // root ignores permission bits; the immutable attribute stops it too.
                Run("chattr", "+i", path);
                immutable = true;
            }

            return new ReadOnlyDirectory(path, immutable);
        }

        public void Dispose()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            if (immutable)
            {
                Run("chattr", "-i", path);
            }

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        private static void Run(string file, params string[] arguments)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.WaitForExit(10_000);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {process.StandardError.ReadToEnd()}");
            }
        }

        [System.Runtime.InteropServices.DllImport("libc")]
        private static extern uint geteuid();
    }
}
