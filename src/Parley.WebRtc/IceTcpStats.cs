namespace Parley.WebRtc;

/// <summary>A snapshot of the media port's ICE-TCP listener (<see cref="WebRtcServer.GetIceTcpStats"/>).</summary>
public sealed record IceTcpStats
{
    /// <summary>True when the TCP listener runs (enabled and its port could be bound).</summary>
    public required bool Listening { get; init; }

    /// <summary>The TCP port (the UDP port's number), 0 when not listening.</summary>
    public required int Port { get; init; }

    public long ConnectionsAccepted { get; init; }

    /// <summary>Closed at accept: <c>Media:IceTcp:MaxConnectionsPerAddress</c> or <c>MaxConnections</c> reached.</summary>
    public long ConnectionsRefused { get; init; }

    /// <summary>Closed because no valid ICE check arrived within <c>Media:IceTcp:StunTimeout</c>.</summary>
    public long ConnectionsTimedOut { get; init; }

    public int ConnectionsOpen { get; init; }

    /// <summary>RFC 4571 frames received (each one packet: STUN, DTLS, RTP or RTCP, or garbage).</summary>
    public long FramesReceived { get; init; }

    /// <summary>Frames longer than the largest media packet, skipped.</summary>
    public long FramesOversized { get; init; }

    /// <summary>Outgoing packets dropped because a connection's send backlog was full.</summary>
    public long SendBacklogDrops { get; init; }
}
