using System.Net;

namespace Parley.WebRtc.Io;

/// <summary>
/// The way back to a peer that a valid ICE check arrived over: a UDP socket and the peer's address on it
/// (<see cref="UdpPeerPath"/>), or an ICE-TCP connection (<c>Tcp.IceTcpConnection</c>). A transport sends DTLS,
/// SRTP and STUN answers through the path its peer nominated; it swaps the whole object, so a sender never sees half
/// of one path and half of another. Immutable where it matters (address, protocol); <see cref="Send"/> is safe from
/// any thread.
/// </summary>
internal abstract class PeerPath
{
    /// <summary>The peer's address (its source address for UDP, the connection's remote end for TCP).</summary>
    public abstract SocketAddress Address { get; }

    /// <summary>"udp" or "tcp", as in candidate lines and the browser's <c>getStats</c>.</summary>
    public abstract string Protocol { get; }

    /// <summary>
    /// Sends one packet (a datagram's worth: STUN, DTLS record, SRTP packet); the caller keeps
    /// <paramref name="packet"/>, which is copied before this returns. True when sent or queued; a later failure of a
    /// queued packet is charged to <paramref name="owner"/>.
    /// </summary>
    public abstract bool Send(ReadOnlySpan<byte> packet, ISendFailureCounter? owner);
}
