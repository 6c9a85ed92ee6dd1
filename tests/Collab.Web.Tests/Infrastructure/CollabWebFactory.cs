using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Orleans.Configuration;

namespace Collab.Web.Tests.Infrastructure;

/// <summary>The real Collab.Web host on a real Kestrel port on 127.0.0.1, with a temporary data
/// directory and free silo ports. One instance is shared by the "web host" collection.</summary>
public sealed class CollabWebFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "collab-web-tests-" + Guid.NewGuid().ToString("N"));

    public MissingResourceRecorder MissingResources { get; } = new();

    private readonly int siloPort = FreeTcpPort();
    private readonly int gatewayPort = FreeTcpPort();

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>Settings added by the fixture before start (e.g. "Collab:Mail" pointing at the real SMTP server).</summary>
    public Dictionary<string, string> ExtraSettings { get; } = [];

    /// <summary>Configuration of the test host: loopback on a free port, temporary data, free silo ports.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(ExtraSettings)
    {
        ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
        ["Collab:Mode"] = "Embedded",
        ["Collab:DataDirectory"] = DataDirectory,
        ["Collab:Embedded:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Collab:Embedded:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Every test signs in from 127.0.0.1: the per-IP limits would throttle the suite itself. Tests that
        // exercise lockout, delay or limits present another client address through X-Forwarded-For, which
        // is believed from 127.0.0.1 only because it is declared a known proxy here.
        ["Collab:RateLimits:SignInPerMinute"] = "100000",
        ["Collab:RateLimits:SignInFreeFailures"] = "100000",
        ["Collab:Proxy:KnownProxies:0"] = "127.0.0.1",
    };

    /// <summary>Held while a host sets the process environment and starts (two fixtures starting at once would mix their settings).</summary>
    public static readonly object StartLock = new();

    /// <summary>Shows the (empty) plant <paramref name="site"/> instead of the demo plant: nothing is seeded for it.</summary>
    public CollabWebFactory UseEmptySite(string site = "USINE")
    {
        // Collab:Site:Code (appsettings.json sets it to DEMO, and the nested key wins over a plain "Collab:Site").
        ExtraSettings["Collab:Site:Code"] = site;
        return this;
    }

    public CollabWebFactory()
    {
        UseKestrel(_ => { });
    }

    public void Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            // Free ports whatever the Orleans hosting reads, so parallel runs on this machine do not collide.
            services.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = siloPort;
                o.GatewayPort = gatewayPort;
            });

            // Record every resource lookup that finds no string (an untranslated key).
            var inner = services.Single(d => d.ServiceType == typeof(IStringLocalizerFactory));
            services.Remove(inner);
            services.TryAddSingleton(inner.ImplementationType!);
            services.AddSingleton<IStringLocalizerFactory>(sp =>
                new RecordingLocalizerFactory((IStringLocalizerFactory)sp.GetRequiredService(inner.ImplementationType!), MissingResources));
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
