using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Parley.WebRtc.Tcp;

namespace Parley.WebRtc;

/// <summary>Binding the media port: UDP sockets per announced address (SO_REUSEPORT groups), the ICE-TCP listener's sockets, and the addresses announced as host candidates.</summary>
public sealed partial class WebRtcServer
{
    /// <summary>
    /// Binds the UDP sockets and, with <c>Media:IceTcp:Enabled</c>, TCP listening sockets on the same port number and
    /// the same local addresses. With <c>Media:UdpPort=0</c> a port free on UDP may be taken on TCP: then both are
    /// released and another port is drawn. With a fixed port that is taken on TCP, the port runs UDP-only (logged).
    /// </summary>
    private static (Socket[] Udp, Socket[]? Tcp) BindPort(MediaOptions options, IReadOnlyList<IPAddress> announced, int socketsPerAddress, ILogger logger)
    {
        const int Attempts = 10;
        for (int attempt = 1; ; attempt++)
        {
            var udp = BindSockets(options, announced, socketsPerAddress);
            if (!options.IceTcp.Enabled)
            {
                return (udp, null);
            }

            int port = ((IPEndPoint)udp[0].LocalEndPoint!).Port;
            try
            {
                return (udp, IceTcpListener.Bind(udp.Select(socket => ((IPEndPoint)socket.LocalEndPoint!).Address), port));
            }
            catch (SocketException) when (options.UdpPort == 0 && attempt < Attempts)
            {
                // A port drawn for UDP that is in use on TCP: draw again.
                foreach (var socket in udp)
                {
                    socket.Dispose();
                }
            }
            catch (SocketException ex)
            {
                IceTcpLog.BindFailed(logger, port, ex.SocketErrorCode.ToString());
                return (udp, null);
            }
        }
    }

    /// <summary>
    /// Binds the media port. With <c>Media:BindAddress</c> set, one socket on it. Otherwise one socket per announced
    /// address, all on the same port: a reply then leaves from the address the peer sent to, which ICE requires
    /// (RFC 8445 §7.2.5.2.1 drops responses from another address) and a single 0.0.0.0 socket cannot guarantee on a
    /// multi-homed host. If an announced address is not local (a NAT's public IP), fall back to 0.0.0.0.
    /// </summary>
    private static Socket[] BindSockets(MediaOptions options, IReadOnlyList<IPAddress> announced, int socketsPerAddress)
    {
        var sockets = new List<Socket>();
        try
        {
            if (!string.IsNullOrWhiteSpace(options.BindAddress))
            {
                BindSocketGroup(options, IPAddress.Parse(options.BindAddress), options.UdpPort, socketsPerAddress, sockets);
                return [.. sockets];
            }

            int port = options.UdpPort;
            foreach (var address in announced)
            {
                // With port 0, the first socket picks it for all.
                port = BindSocketGroup(options, address, port, socketsPerAddress, sockets);
            }

            return [.. sockets];
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressNotAvailable && string.IsNullOrWhiteSpace(options.BindAddress))
        {
            DisposeAll(sockets);
            // An IPv6 announced address needs a socket that IPv6 peers can reach: the dual-mode "::" takes both
            // families (IPv4 peers then appear IPv4-mapped); otherwise 0.0.0.0.
            bool anyIpv6 = announced.Any(a => a.AddressFamily == AddressFamily.InterNetworkV6);
            BindSocketGroup(options, anyIpv6 ? IPAddress.IPv6Any : IPAddress.Any, options.UdpPort, socketsPerAddress, sockets);
            return [.. sockets];
        }
        catch
        {
            DisposeAll(sockets);
            throw;
        }
    }

    /// <summary>Binds <paramref name="count"/> sockets to one address and port (SO_REUSEPORT when more than one); returns the port.</summary>
    private static int BindSocketGroup(MediaOptions options, IPAddress address, int port, int count, List<Socket> sockets)
    {
        for (int i = 0; i < count; i++)
        {
            var socket = BindSocket(options, address, port, reusePort: count > 1);
            sockets.Add(socket);
            port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        }

        return port;
    }

    private static void DisposeAll(List<Socket> sockets)
    {
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        sockets.Clear();
    }

    private static Socket BindSocket(MediaOptions options, IPAddress address, int port, bool reusePort)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = options.SocketReceiveBufferBytes,
            SendBufferSize = options.SocketSendBufferBytes,
        };
        try
        {
            if (reusePort)
            {
                // Linux SO_REUSEPORT (SOL_SOCKET 1, option 15): every socket of the group binds the same port, and
                // the kernel picks one per datagram by a hash of the peer's address.
                socket.SetRawSocketOption(1, 15, BitConverter.GetBytes(1));
            }

            if (address.Equals(IPAddress.IPv6Any))
            {
                // .NET sets IPV6_V6ONLY on IPv6 sockets; "::" as the bind address means "every peer", IPv4 included.
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The addresses the port puts into its host candidates: <c>Media:AnnouncedAddresses</c>, or when empty 127.0.0.1 and
    /// every up, non-loopback IPv4 address of this machine. Public so a node can tell before its port is bound.
    /// </summary>
    public static IReadOnlyList<IPAddress> ResolveAnnouncedAddresses(MediaOptions options)
    {
        var addresses = new List<IPAddress>();
        foreach (var text in options.AnnouncedAddresses)
        {
            if (!IPAddress.TryParse(text, out var address))
            {
                throw new ArgumentException($"Media:AnnouncedAddresses contains '{text}', which is not an IP address.", nameof(options));
            }

            addresses.Add(address);
        }

        if (addresses.Count > 0)
        {
            return addresses;
        }

        addresses.Add(IPAddress.Loopback);
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }

            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(unicast.Address) && !addresses.Contains(unicast.Address))
                {
                    addresses.Add(unicast.Address);
                }
            }
        }

        return addresses;
    }
}
