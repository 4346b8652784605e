using System.Net;
using System.Net.Sockets;

namespace Parley.WebRtc.Io;

/// <summary>A peer reached over UDP: replies leave from <paramref name="socket"/> (the local address the peer targets) to <paramref name="address"/>.</summary>
internal sealed class UdpPeerPath(Socket socket, SocketAddress address) : PeerPath
{
    public const string ProtocolName = "udp";

    public Socket Socket { get; } = socket;

    /// <summary>Owned by this path (a clone of the receive loop's reusable address); never changed.</summary>
    public override SocketAddress Address { get; } = address;

    public override string Protocol => ProtocolName;

    /// <summary>Through the calling receive loop's send batch when one is open on the socket, else straight out (<see cref="DatagramSend"/>).</summary>
    public override bool Send(ReadOnlySpan<byte> packet, ISendFailureCounter? owner) => DatagramSend.SendTo(Socket, packet, Address, owner);
}
