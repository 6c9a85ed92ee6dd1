using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Collab.Infrastructure.Hosting;
using Collab.Infrastructure.Tests.Support;
using Collab.Web.Tests.Infrastructure;

namespace Collab.Web.Tests.Hosting;

/// <summary>The real process (dotnet Collab.Web.dll): each start-up failure ends with its documented exit
/// code (docs/storage.md) and one clear line on stderr, never 0 and never an unhandled crash (134).</summary>
public sealed class StartupFailureTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(120);
    private readonly string data = Path.Combine(Path.GetTempPath(), "collab-start-" + Guid.NewGuid().ToString("N"));

    public StartupFailureTests() => Directory.CreateDirectory(data);

    public void Dispose()
    {
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private Dictionary<string, string> Environment(string? dataDirectory = null) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Collab__DataDirectory"] = dataDirectory ?? data,
        ["Collab__Embedded__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ["Collab__Demo"] = "false",
    };

    private static string Url() => $"http://127.0.0.1:{FreePort.Next()}";

    private static async Task<string> ExpectFailureAsync(CollabProcess collab, int exitCode)
    {
        await using (collab)
        {
            var code = await collab.WaitForExitAsync(ExitTimeout);
            Assert.True(code == exitCode, $"exit code {code}, expected {exitCode}\nstdout:\n{collab.StandardOutput}\nstderr:\n{collab.StandardError}");
            var line = Assert.Single(collab.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("Collab cannot start: ", line, StringComparison.Ordinal);
            return line;
        }
    }

    [Fact]
    public async Task Invalid_mode_exits_2_naming_the_setting()
    {
        var line = await ExpectFailureAsync(CollabProcess.StartDll(["--Collab:Mode=Cloud", "--urls", Url()], Environment()), CollabHostRunner.ConfigurationErrorExitCode);
        Assert.Contains("Collab:Mode", line, StringComparison.Ordinal);
        Assert.Contains("Cloud", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_database_exits_3_naming_the_file()
    {
        var file = Path.Combine(data, "collab.db");
        await File.WriteAllTextAsync(file, "Ceci n'est pas une base SQLite.");
        var line = await ExpectFailureAsync(CollabProcess.StartDll(["--urls", Url()], Environment()), CollabHostRunner.StorageErrorExitCode);
        Assert.Contains(file, line, StringComparison.Ordinal);
        Assert.Contains("corrupt", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_postgresql_exits_3_without_the_password()
    {
        var environment = Environment();
        environment["ConnectionStrings__Collab"] = $"Host=127.0.0.1;Port={FreePort.Next()};Username=collab;Password=s3cret-pw;Database=collab";
        var line = await ExpectFailureAsync(CollabProcess.StartDll(["--Collab:Mode=Cluster", "--urls", Url()], environment), CollabHostRunner.StorageErrorExitCode);
        Assert.Contains("unreachable", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("s3cret-pw", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Busy_port_exits_4_with_the_address()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)squatter.LocalEndpoint).Port}";
        var line = await ExpectFailureAsync(CollabProcess.StartDll(["--urls", url], Environment()), CollabHostRunner.NetworkErrorExitCode);
        Assert.Contains(url, line, StringComparison.Ordinal);
        Assert.Contains("already in use", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Data_directory_locked_by_a_running_collab_exits_3_and_the_first_keeps_running()
    {
        await using var first = CollabProcess.StartDll(["--urls", Url()], Environment());
        await first.WaitForOutputAsync(l => l.Contains("Collab started.", StringComparison.Ordinal), ExitTimeout);

        var line = await ExpectFailureAsync(CollabProcess.StartDll(["--urls", Url()], Environment()), CollabHostRunner.StorageErrorExitCode);
        Assert.Contains("another Collab process", line, StringComparison.Ordinal);
        Assert.Contains(data, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_passwords_are_never_served_beyond_loopback()
    {
        // The embedded demo (published password) asked to listen on every interface: refused, exit 5.
        var line = await ExpectFailureAsync(
            CollabProcess.StartDll(["--urls", $"http://0.0.0.0:{FreePort.Next()}"], Environment()),
            CollabHostRunner.SecurityRefusalExitCode);
        Assert.Contains("demo password", line, StringComparison.Ordinal);
        Assert.Contains("admin", line, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", line, StringComparison.Ordinal);
    }
}
