using System.Net;
using System.Text.Json;
using Collab.Web.Tests.Infrastructure;

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
    public async Task Ready_runs_the_silo_grain_call_and_the_identity_database_check()
    {
        using var client = host.Anonymous();
        var response = await client.Http.GetAsync("health/ready");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["silo"]);
        Assert.Equal("Healthy", checks["identity-db"]);
    }

    [Fact]
    public void Identity_database_lives_in_the_data_directory()
    {
        Assert.True(File.Exists(Path.Combine(host.Factory.DataDirectory, "identity.db")));
    }
}
