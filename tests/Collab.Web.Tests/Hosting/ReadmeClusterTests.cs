using System.Net;
using Collab.Infrastructure.Tests.Support;
using Collab.Web.Tests.Infrastructure;

namespace Collab.Web.Tests.Hosting;

/// <summary>The README's two cluster commands, run as written (with <c>--no-build</c> since the tests built the
/// project) against a throw-away PostgreSQL: both silos start on their --urls, the demo is seeded once, a user
/// signs in on both, and a sign-in made through silo 1 is valid on silo 2 (shared Data Protection key ring).</summary>
public sealed class ReadmeClusterTests : IAsyncLifetime
{
    private readonly PostgresServer postgres = new();

    public Task InitializeAsync() => postgres.InitializeAsync();

    public Task DisposeAsync() => postgres.DisposeAsync();

    /// <summary>The arguments after <c>--</c> of the README's cluster commands, in order.</summary>
    public static IReadOnlyList<string[]> ReadmeClusterCommands()
    {
        const string prefix = "dotnet run --project src/Collab.Web -- ";
        var readme = File.ReadAllLines(Path.Combine(SourceTree.Root, "README.md"));
        return readme
            .Where(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Contains("--Collab:Mode=Cluster", StringComparison.Ordinal))
            .Select(l => l[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
    }

    [Fact]
    public async Task The_two_readme_cluster_commands_start_two_silos_that_share_sign_ins()
    {
        var commands = ReadmeClusterCommands();
        Assert.Equal(2, commands.Count);
        var urls = commands.Select(c => new Uri(c[Array.IndexOf(c, "--urls") + 1].TrimEnd('/') + "/")).ToList();
        Assert.NotEqual(urls[0], urls[1]);

        var environment = new Dictionary<string, string> { ["ConnectionStrings__Collab"] = await postgres.CreateDatabaseAsync() };
        await using var silo1 = CollabProcess.StartDotnetRun(commands[0], environment);
        await silo1.WaitForOutputAsync(l => l.Contains("Collab started.", StringComparison.Ordinal), TimeSpan.FromSeconds(240));
        await using var silo2 = CollabProcess.StartDotnetRun(commands[1], environment);
        await silo2.WaitForOutputAsync(l => l.Contains("Collab started.", StringComparison.Ordinal), TimeSpan.FromSeconds(240));
        Assert.Contains(silo1.StandardOutput.Split('\n'), l => l.Contains($"Listening on: {urls[0].ToString().TrimEnd('/')}", StringComparison.Ordinal));
        Assert.Contains(silo2.StandardOutput.Split('\n'), l => l.Contains($"Listening on: {urls[1].ToString().TrimEnd('/')}", StringComparison.Ordinal));

        // Ready means seeded: wait for silo 1's readiness (the demo plant seeded), then sign in on both.
        using var probe = new HttpClient { BaseAddress = urls[0] };
        await Eventually.TrueAsync(async () => (await probe.GetAsync("health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(240));

        foreach (var url in urls)
        {
            using var client = new SignedInClient(url);
            Assert.Equal("/", (await client.SignInAsync("admin", "Demo#2026")).Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/")).StatusCode);
        }

        // Signed in through silo 1, continue through silo 2 with the same cookie.
        using var roaming = new SignedInClient(urls[0]);
        Assert.Equal("/", (await roaming.SignInAsync("planificateur", "Demo#2026")).Headers.Location?.OriginalString);
        var cookie = roaming.CookieValue("Collab.Auth");
        Assert.NotNull(cookie);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var onSilo2 = new HttpClient(handler) { BaseAddress = urls[1] };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", $"Collab.Auth={cookie}");
        var response = await onSilo2.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>Waits on a condition (re-checked every 250 ms) rather than for a fixed time.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {timeout}");
            await Task.Delay(250);
        }
    }
}
