using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Parley.Server.Hosting;
using Parley.Server.Media;
using Parley.Signaling.Nodes;
using Parley.WebRtc;

namespace Parley.Server.Cluster;

/// <summary>
/// This node's public signaling URL and media host candidates (signaling's <see cref="INodeAnnouncement"/>, docs/cluster.md).
/// The URL is <c>Cluster:PublicUrl</c>, or else <c>ws://</c> (<c>wss://</c> for an https listener) on
/// <c>Orleans:AdvertisedAddress</c> with the port of the first address the HTTP server listens on and path <c>/ws</c>,
/// or else unknown. The media candidates are the port's own once it is bound; before that the ones it will announce
/// (<c>Media:AnnouncedAddresses</c> on <c>Media:UdpPort</c>), none when the port number is picked at bind time (0).
/// </summary>
internal sealed class NodeAnnouncement(
    IOptions<ClusterNodeOptions> options,
    IOptions<OrleansHostingOptions> orleans,
    IOptions<MediaOptions> media,
    MediaServerAccessor mediaPort,
    IServer server) : INodeAnnouncement
{
    private (string PublicUrl, string SignalingUrl)? _url;
    // The candidates of the port before it is bound: reading the machine's interfaces is too slow for every login.
    private IReadOnlyList<NodeMediaAddress>? _unboundCandidates;

    public NodeEndpoints Describe()
    {
        var url = _url ??= PublicUrl();
        var (started, addresses) = MediaAddresses();
        return new NodeEndpoints(url?.PublicUrl, url?.SignalingUrl, started, addresses);
    }

    /// <summary>Null until the HTTP server listens when the URL is derived (then it is kept: the port does not change).</summary>
    private (string, string)? PublicUrl()
    {
        if (options.Value.PublicUrl is { Length: > 0 } configured)
        {
            return ClusterNodeOptions.TryGetSignalingUrl(configured, out var signaling) ? (configured, signaling) : null;
        }

        if (orleans.Value.AdvertisedAddress is not { Length: > 0 } advertised || !IPAddress.TryParse(advertised, out var host))
        {
            return null;
        }

        var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (first is null || !BindingAddress.TryParse(first, out var scheme, out var port))
        {
            return null;
        }

        var hostText = host.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host.ToString();
        var derived = string.Create(CultureInfo.InvariantCulture, $"{(scheme == "https" ? "wss" : "ws")}://{hostText}:{port}/ws");
        return (derived, derived);
    }

    private (bool Started, IReadOnlyList<NodeMediaAddress> Addresses) MediaAddresses()
    {
        var settings = media.Value;
        if (mediaPort.IsStarted)
        {
            var port = mediaPort.Server;
            var tcpOnly = settings.IceTcp.TcpCandidatesOnly && port.IceTcpListening;
            return (true, Candidates(port.AnnouncedAddresses, port.LocalEndPoint.Port, udp: !tcpOnly, tcp: port.IceTcpListening));
        }

        if (settings.UdpPort == 0)
        {
            return (false, []);
        }

        return (false, _unboundCandidates ??= Candidates(WebRtcServer.ResolveAnnouncedAddresses(settings), settings.UdpPort,
            udp: !(settings.IceTcp.Enabled && settings.IceTcp.TcpCandidatesOnly), tcp: settings.IceTcp.Enabled));
    }

    private static List<NodeMediaAddress> Candidates(IReadOnlyList<IPAddress> addresses, int port, bool udp, bool tcp)
    {
        var candidates = new List<NodeMediaAddress>();
        foreach (var address in addresses)
        {
            if (udp)
            {
                candidates.Add(new NodeMediaAddress("udp", address.ToString(), port));
            }

            if (tcp)
            {
                candidates.Add(new NodeMediaAddress("tcp", address.ToString(), port));
            }
        }

        return candidates;
    }

    /// <summary>Scheme and port of a Kestrel listening address such as <c>http://127.0.0.1:41234</c> or <c>http://[::]:7400</c>.</summary>
    private static class BindingAddress
    {
        public static bool TryParse(string address, out string scheme, out int port)
        {
            scheme = "";
            port = 0;
            // Kestrel writes wildcard hosts as '+' or '*', which Uri does not take: only scheme and port matter here.
            var normalized = address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                return false;
            }

            scheme = uri.Scheme;
            port = uri.Port;
            return true;
        }
    }
}
