using System.Net;
using System.Text.Json;
using Collab.Web.Health;
using Collab.Web.Tests.Hosting;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Collab.Web.Tests.Http;

[Collection(WebHostCollection.Name)]
public sealed class HealthTests(WebHostFixture host)
{
    [Fact]
    public async Task Live_answers_without_sign_in()
    {
        using var client = host.Anonymous();
        var response = await client.Http.GetAsync("health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_tells_anonymous_callers_the_status_only_and_administrators_every_check()
    {
        // Ready means seeded: once the demo plant is in place, ready answers 200.
        Assert.True(await host.Factory.Services.GetRequiredService<DemoSeedStatus>().Completion.WaitAsync(TimeSpan.FromMinutes(3)));
        using var anonymous = host.Anonymous();
        await Eventually.TrueAsync(async () => (await anonymous.Http.GetAsync("health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        var body = await (await anonymous.Http.GetAsync("health/ready")).Content.ReadAsStringAsync();
        using (var json = JsonDocument.Parse(body))
        {
            Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
            Assert.Single(json.RootElement.EnumerateObject()); // no check names, paths, hosts or counts
        }

        Assert.DoesNotContain(host.Factory.DataDirectory, body, StringComparison.Ordinal);

        using var admin = await host.SignInAsync("admin");
        var detailed = await admin.Http.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, detailed.StatusCode);
        using var details = JsonDocument.Parse(await detailed.Content.ReadAsStringAsync());
        var checks = details.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["silo"]);
        Assert.Equal("Healthy", checks["identity-db"]);
        Assert.Equal("Healthy", checks["storage"]);
        Assert.Equal("Healthy", checks["demo"]);
    }

    [Fact]
    public async Task Demo_check_is_unhealthy_until_the_seeding_has_finished()
    {
        var status = new DemoSeedStatus();
        var check = new DemoSeedHealthCheck(status);
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        status.Completed(false, "PostgreSQL 53300");
        var failed = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, failed.Status);
        Assert.Contains("53300", failed.Description, StringComparison.Ordinal);

        var done = new DemoSeedStatus();
        done.Completed(true);
        Assert.Equal(HealthStatus.Healthy, (await new DemoSeedHealthCheck(done).CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public void Identity_database_lives_in_the_data_directory()
    {
        Assert.True(File.Exists(Path.Combine(host.Factory.DataDirectory, "identity.db")));
    }
}
