using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Parley.Testing;

/// <summary>Picks TCP ports that are free right now on loopback.</summary>
public static class FreePorts
{
    // Ports handed out by this process: the OS may offer a just-released port again at once, and a server given the
    // same port for two of its listeners (silo and gateway) cannot start.
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>
    /// Binds port 0 (the OS picks a free port), reads the port and releases it; never the same port twice in one test
    /// process. Another process may grab it before the caller binds; <see cref="ParleyTestServer"/> retries its start
    /// when that happens.
    /// </summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }
    }
}
