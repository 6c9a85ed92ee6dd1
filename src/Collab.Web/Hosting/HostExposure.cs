using System.Net;

namespace Collab.Web.Hosting;

/// <summary>Where the web host will listen, read from the same settings Kestrel reads (<c>urls</c> /
/// <c>--urls</c> / <c>ASPNETCORE_URLS</c>, <c>http_ports</c>, <c>https_ports</c>, <c>Kestrel:Endpoints:*:Url</c>),
/// and the default when none is set.</summary>
public static class HostExposure
{
    /// <summary>The address used when nothing else is configured (the README's URL).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>True when any listening address is configured (otherwise <see cref="DefaultUrl"/> applies).</summary>
    public static bool HasConfiguredAddress(IConfiguration configuration) =>
        ConfiguredUrls(configuration).Any();

    /// <summary>The configured listening URLs (ports from <c>http_ports</c>/<c>https_ports</c> as <c>http://*:port</c>).</summary>
    public static IEnumerable<string> ConfiguredUrls(IConfiguration configuration)
    {
        foreach (var url in Split(configuration["urls"]))
        {
            yield return url;
        }

        foreach (var port in Split(configuration["http_ports"]))
        {
            yield return $"http://*:{port}";
        }

        foreach (var port in Split(configuration["https_ports"]))
        {
            yield return $"https://*:{port}";
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                yield return url;
            }
        }
    }

    /// <summary>The configured URLs that reach beyond this machine (anything but localhost / 127.x / ::1).</summary>
    public static IReadOnlyList<string> NonLoopbackAddresses(IConfiguration configuration)
    {
        var urls = ConfiguredUrls(configuration).ToList();
        if (urls.Count == 0)
        {
            urls.Add(DefaultUrl);
        }

        return urls.Where(u => !IsLoopback(u)).ToList();
    }

    /// <summary>True for a URL whose host is localhost or a loopback IP address.</summary>
    public static bool IsLoopback(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd >= 0 ? url[(schemeEnd + 3)..] : url;
        var slash = rest.IndexOf('/');
        if (slash >= 0)
        {
            rest = rest[..slash];
        }

        string host;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            host = close > 0 ? rest[1..close] : rest;
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon >= 0 ? rest[..colon] : rest;
        }

        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    private static IEnumerable<string> Split(string? value) =>
        (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
