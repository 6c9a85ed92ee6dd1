using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Collab.Benchmarks;

/// <summary>What benchmarks print about the machine and read from their command line.</summary>
internal static class BenchMachine
{
    /// <summary>The 1/5/15-minute load averages ("?" where /proc is not there): figures taken under load say so.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>A free TCP port on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The value after <paramref name="name"/> (e.g. <c>--runs 3</c>), or null.</summary>
    public static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static int Option(string[] args, string name, int fallback) =>
        Option(args, name) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
