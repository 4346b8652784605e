namespace Parley.WebRtc.Transport;

/// <summary>A snapshot of one transport's counters.</summary>
public sealed record WebRtcTransportStats
{
    public required string TransportId { get; init; }

    public required WebRtcTransportState State { get; init; }

    /// <summary>The negotiated SRTP profile name as in RFC 5764/7714 (e.g. <c>AEAD_AES_128_GCM</c>), null before DTLS finishes.</summary>
    public string? SrtpProfile { get; init; }

    /// <summary>SRTP profiles the peer's DTLS ClientHello offered, in its order (diagnostics).</summary>
    public IReadOnlyList<string>? OfferedSrtpProfiles { get; init; }

    public string? RemoteAddress { get; init; }

    /// <summary>"udp" or "tcp" (ICE-TCP): how the nominated path reaches the peer; null before a valid check.</summary>
    public string? RemoteProtocol { get; init; }

    public long RtpPacketsIn { get; init; }

    public long RtpBytesIn { get; init; }

    public long RtcpPacketsIn { get; init; }

    public long RtpPacketsOut { get; init; }

    public long RtpBytesOut { get; init; }

    public long RtcpPacketsOut { get; init; }

    public long StunRequests { get; init; }

    /// <summary>Total dropped datagrams (sum of <see cref="Drops"/>).</summary>
    public long PacketsDropped { get; init; }

    /// <summary>Dropped datagrams by <see cref="DropReason"/> name.</summary>
    public required IReadOnlyDictionary<string, long> Drops { get; init; }

    /// <summary>Round-trip time from RTCP (RFC 3550 §6.4.1 LSR/DLSR), null until a report block answers one of our SRs.</summary>
    public double? RoundTripTimeMs { get; init; }

    public TransportCloseReason CloseReason { get; init; }
}
