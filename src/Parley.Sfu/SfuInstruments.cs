using System.Diagnostics.Metrics;

namespace Parley.Sfu;

/// <summary>
/// The SFU's event counters, on the process-wide meter <see cref="MeterName"/> (System.Diagnostics.Metrics: the host
/// exports them, and <c>dotnet-counters</c> can read them too). Only feedback-rate events are counted here (NACKs,
/// key-frame requests, receiver-report loss: a few per second per stream, each an <c>Add</c> that costs one branch
/// while nobody listens), never per forwarded packet: packet and byte totals are the media port's own counters
/// (<c>WebRtcServer.GetTotals</c>). Instrument names are the exported names with dots (docs/metrics.md).
/// </summary>
public static class SfuInstruments
{
    /// <summary>The meter's name, for a listener's filter.</summary>
    public const string MeterName = "Parley.Sfu";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Generic NACK messages (RFC 4585 §6.2.1) received from subscribers.</summary>
    internal static readonly Counter<long> NacksReceived = Meter.CreateCounter<long>(
        "parley.media.nacks.received", "{message}", "Generic NACKs received from subscribers.");

    /// <summary>Packets resent (as RTX where negotiated) from the producer's cache in answer to NACKs.</summary>
    internal static readonly Counter<long> RetransmissionsSent = Meter.CreateCounter<long>(
        "parley.media.retransmissions.sent", "{packet}", "Packets resent to subscribers in answer to NACKs.");

    /// <summary>PLIs and FIRs from subscribers (tag type = pli | fir).</summary>
    internal static readonly Counter<long> KeyFrameRequestsReceived = Meter.CreateCounter<long>(
        "parley.media.keyframe_requests.received", "{request}", "Key-frame requests (PLI, FIR) received from subscribers.");

    /// <summary>PLIs and FIRs the SFU sent to publishers, throttled (tag type = pli | fir).</summary>
    internal static readonly Counter<long> KeyFrameRequestsSent = Meter.CreateCounter<long>(
        "parley.media.keyframe_requests.sent", "{request}", "Key-frame requests (PLI, FIR) sent to publishers.");

    /// <summary>
    /// Packets lost (tag direction = uplink: publisher → SFU, from our own receive statistics; downlink: SFU →
    /// subscriber, from the subscribers' receiver reports).
    /// </summary>
    internal static readonly Counter<long> PacketsLost = Meter.CreateCounter<long>(
        "parley.media.packets.lost", "{packet}", "RTP packets lost, uplink (publishers to the SFU) and downlink (the SFU to subscribers).");

    /// <summary>Packets expected from publishers (RFC 3550 A.3), the denominator of the uplink loss rate.</summary>
    internal static readonly Counter<long> PacketsExpected = Meter.CreateCounter<long>(
        "parley.media.packets.expected", "{packet}", "RTP packets expected from publishers (RFC 3550 A.3).");

    internal static readonly KeyValuePair<string, object?> Pli = new("type", "pli");
    internal static readonly KeyValuePair<string, object?> Fir = new("type", "fir");
    internal static readonly KeyValuePair<string, object?> Uplink = new("direction", "uplink");
    internal static readonly KeyValuePair<string, object?> Downlink = new("direction", "downlink");
}
