using Collab.Infrastructure.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Collab.Infrastructure.Tests.Support;

/// <summary>
/// A real generic host configured exactly like production (<c>AddCollabOrleans</c> + a configuration
/// dictionary), started on free loopback ports.
/// </summary>
internal sealed class CollabTestHost : IAsyncDisposable
{
    private CollabTestHost(IHost host) => Host = host;

    public IHost Host { get; }

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    public static IHost Build(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCollabOrleans();
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    public static async Task<CollabTestHost> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var host = Build(settings, services);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await host.StartAsync(timeout.Token);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new CollabTestHost(host);
    }

    public static Dictionary<string, string?> Embedded(string dataDirectory) => new()
    {
        ["Collab:Mode"] = "Embedded",
        ["Collab:DataDirectory"] = dataDirectory,
        ["Collab:Embedded:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Collab:Embedded:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static Dictionary<string, string?> Cluster(string connectionString, string clusterId = "collab-test") => new()
    {
        ["Collab:Mode"] = "Cluster",
        ["ConnectionStrings:Collab"] = connectionString,
        ["Collab:Cluster:ClusterId"] = clusterId,
        ["Collab:Cluster:ServiceId"] = "collab-test",
        ["Collab:Cluster:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Collab:Cluster:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Collab:Cluster:AdvertisedIPAddress"] = "127.0.0.1",
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Host.StopAsync(timeout.Token);
        }
        finally
        {
            Host.Dispose();
            // Release pooled SQLite handles so the test can inspect, corrupt or delete the file.
            SqliteConnection.ClearAllPools();
        }
    }
}
