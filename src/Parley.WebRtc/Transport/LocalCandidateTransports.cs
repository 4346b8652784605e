namespace Parley.WebRtc.Transport;

/// <summary>Which host candidates a transport's descriptions carry: UDP, passive ICE-TCP (RFC 6544), or both.</summary>
[Flags]
public enum LocalCandidateTransports
{
    None = 0,

    /// <summary><c>a=candidate:… udp … typ host</c> on the UDP media port.</summary>
    Udp = 1,

    /// <summary><c>a=candidate:… tcp … typ host tcptype passive</c> on the TCP listener (same port number), lower priority than UDP.</summary>
    Tcp = 2,
}
