using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Parley.WebRtc.Client.Ice;

/// <summary>
/// Host candidates of the client (RFC 8445 §5.1.1.1): the address the socket is bound to when it is a specific
/// one, else every up, non-loopback IPv4 address of the machine's interfaces with the socket's port. A loopback
/// peer (tests, a local server) gets the loopback address too, since nothing else may route to it.
/// </summary>
public static class HostCandidateGatherer
{
    /// <summary>The candidates to offer for a socket bound to <paramref name="local"/>.</summary>
    /// <param name="local">The socket's bound end point (address may be <see cref="IPAddress.Any"/>).</param>
    /// <param name="includeLoopback">Also offer 127.0.0.1 when bound to Any (the peer is on this machine's loopback).</param>
    public static IReadOnlyList<IPEndPoint> Gather(IPEndPoint local, bool includeLoopback)
    {
        ArgumentNullException.ThrowIfNull(local);
        if (!local.Address.Equals(IPAddress.Any) && !local.Address.Equals(IPAddress.IPv6Any))
        {
            return [local];
        }

        var candidates = new List<IPEndPoint>();
        foreach (var address in InterfaceAddresses())
        {
            candidates.Add(new IPEndPoint(address, local.Port));
        }

        if (includeLoopback || candidates.Count == 0)
        {
            candidates.Add(new IPEndPoint(IPAddress.Loopback, local.Port));
        }

        return candidates;
    }

    /// <summary>Every up, non-loopback IPv4 unicast address of this machine, in interface order.</summary>
    public static IReadOnlyList<IPAddress> InterfaceAddresses()
    {
        var addresses = new List<IPAddress>();
        NetworkInterface[] interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            return addresses; // no interface list (sandboxed): the caller falls back to loopback
        }

        foreach (var networkInterface in interfaces)
        {
            if (networkInterface.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown)
                || networkInterface.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }

            foreach (var unicast in networkInterface.GetIPProperties().UnicastAddresses)
            {
                var address = unicast.Address;
                if (address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address) && !addresses.Contains(address))
                {
                    addresses.Add(address);
                }
            }
        }

        return addresses;
    }
}
