using Parley.WebRtc.Transport;

namespace Parley.WebRtc;

/// <summary>
/// The media port's counters since it started: every transport's, closed ones included, plus datagrams that found no
/// transport. Each total only grows (a transport's counts are folded into the port's when it closes), so they can be
/// exported as Prometheus counters. Byte counts are RTP as the SFU sees it: decrypted in, before encryption out.
/// </summary>
public sealed record WebRtcPortTotals
{
    /// <summary>Live transports (any state).</summary>
    public int Transports { get; init; }

    /// <summary>Live transports whose DTLS finished (SRTP keys in place).</summary>
    public int ConnectedTransports { get; init; }

    /// <summary>Datagrams received on the port, all kinds.</summary>
    public long DatagramsReceived { get; init; }

    /// <summary>Datagrams longer than the receive buffer, cut by the kernel and dropped.</summary>
    public long DatagramsTruncated { get; init; }

    public long RtpPacketsIn { get; init; }

    public long RtpBytesIn { get; init; }

    public long RtcpPacketsIn { get; init; }

    public long RtpPacketsOut { get; init; }

    public long RtpBytesOut { get; init; }

    public long RtcpPacketsOut { get; init; }

    /// <summary>ICE binding requests answered or refused by transports.</summary>
    public long StunRequests { get; init; }

    /// <summary>Dropped datagrams by reason (transports' and the port's own), every reason present.</summary>
    public required IReadOnlyDictionary<DropReason, long> Drops { get; init; }

    /// <summary>Incoming SRTP/SRTCP whose authentication tag did not verify (part of <see cref="DropReason.SrtpUnprotectFailed"/>).</summary>
    public long SrtpAuthenticationFailures { get; init; }

    /// <summary>Incoming SRTP/SRTCP replayed or older than the replay window.</summary>
    public long SrtpReplays { get; init; }

    /// <summary>Incoming SRTP/SRTCP that was not well-formed.</summary>
    public long SrtpMalformed { get; init; }

    /// <summary>Incoming SRTP of a new SSRC refused because the transport's context was full.</summary>
    public long SrtpTooManySsrcs { get; init; }
}
