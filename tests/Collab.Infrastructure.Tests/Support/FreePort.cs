using System.Net;
using System.Net.Sockets;

namespace Collab.Infrastructure.Tests.Support;

/// <summary>Loopback TCP ports nobody listens on (several test projects run in parallel).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
