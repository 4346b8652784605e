using System.Net;
using System.Net.Sockets;

namespace Parley.Testing;

/// <summary>Picks TCP ports that are free right now on loopback.</summary>
public static class FreePorts
{
    /// <summary>
    /// Binds port 0 (the OS picks a free port), reads the port and releases it. Another process may grab it before the
    /// caller binds; <see cref="ParleyTestServer"/> retries its start when that happens.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
