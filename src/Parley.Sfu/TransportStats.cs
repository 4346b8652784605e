namespace Parley.Sfu;

/// <summary>A transport's counters and estimates at one moment. Rates in bits per second.</summary>
public sealed record TransportStats
{
    public required string TransportId { get; init; }

    public long RtpPacketsReceived { get; init; }

    public long RtpBytesReceived { get; init; }

    public long RtpPacketsSent { get; init; }

    public long RtpBytesSent { get; init; }

    public long RtcpPacketsReceived { get; init; }

    public long RtcpPacketsSent { get; init; }

    /// <summary>Incoming RTP that did not parse.</summary>
    public long MalformedRtpDropped { get; init; }

    /// <summary>Incoming RTCP that did not validate.</summary>
    public long MalformedRtcpDropped { get; init; }

    /// <summary>Incoming RTP whose SSRC matched no producer and could not be bound by mid/rid.</summary>
    public long UnknownSsrcDropped { get; init; }

    /// <summary>Incoming RTX packets without an original sequence number (bandwidth probes).</summary>
    public long PaddingOnlyDropped { get; init; }

    /// <summary>Incoming RTP larger than <see cref="RouterOptions.MaxPacketSize"/>.</summary>
    public long TooLargeDropped { get; init; }

    /// <summary>Packets the link refused.</summary>
    public long SendFailures { get; init; }

    public long IncomingBitrate { get; init; }

    public long OutgoingBitrate { get; init; }

    /// <summary>Round-trip time to the peer, when measured.</summary>
    public TimeSpan? RoundTripTime { get; init; }

    /// <summary>The estimated available outgoing bitrate, when estimated.</summary>
    public long? AvailableOutgoingBitrate { get; init; }

    /// <summary>The cap last set with <see cref="Transport.SetMaxIncomingBitrate"/>; null when none.</summary>
    public long? MaxIncomingBitrate { get; init; }

    /// <summary>Fraction (0–1) of the peer's packets we lost recently, when measured.</summary>
    public double? IncomingLossFraction { get; init; }

    /// <summary>Fraction (0–1) of our packets the peer reported lost recently, when reported.</summary>
    public double? OutgoingLossFraction { get; init; }

    /// <summary>Uplink quality on the vendor's 0–5 scale (0 unknown, 1 excellent … 5 bad), when computed.</summary>
    public int? UplinkQuality { get; init; }

    /// <summary>Downlink quality on the vendor's 0–5 scale, when computed.</summary>
    public int? DownlinkQuality { get; init; }
}
