using Parley.Sdp;

namespace Parley.WebRtc.Echo;

/// <summary>
/// RTP clock rate per payload type, from the offer/answer, so the echo can express packet arrival times in RTP
/// timestamp units for the interarrival jitter of its receiver reports (RFC 3550 §6.4.1, A.8).
/// Lookups are an array index: cheap enough for every echoed packet.
/// </summary>
public sealed class EchoClockRates
{
    private const int PayloadTypeCount = 128;

    // Index = payload type (7 bits on the wire), value = clock rate in Hz, 0 = unknown.
    private readonly int[] _byPayloadType = new int[PayloadTypeCount];

    /// <summary>Clock rates given explicitly (payload type → Hz); payload types outside 0..127 or rates ≤ 0 throw.</summary>
    public EchoClockRates(IEnumerable<KeyValuePair<int, int>> clockRates)
    {
        ArgumentNullException.ThrowIfNull(clockRates);
        foreach (var (payloadType, clockRate) in clockRates)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(payloadType, nameof(clockRates));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(payloadType, PayloadTypeCount, nameof(clockRates));
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate, nameof(clockRates));
            _byPayloadType[payloadType] = clockRate;
        }
    }

    /// <summary>No payload type known: the echo then reports jitter as 0, because it cannot convert arrival times to RTP units.</summary>
    public static EchoClockRates None { get; } = new([]);

    /// <summary>
    /// The rates of every codec agreed in the accepted m= sections, including each codec's RTX payload type (RFC 4588
    /// §8.1: an RTX stream uses the clock rate of the stream it repairs).
    /// </summary>
    public static EchoClockRates FromNegotiation(SdpNegotiation negotiation)
    {
        ArgumentNullException.ThrowIfNull(negotiation);

        // No defaults or range checks needed: a negotiated codec always has an rtpmap (or static payload type) with a
        // clock rate above 0, and its payload types were parsed as 0..127.
        var rates = new Dictionary<int, int>();
        foreach (var section in negotiation.AcceptedSections)
        {
            foreach (var codec in section.Codecs)
            {
                rates.TryAdd(codec.PayloadType, codec.ClockRate);
                if (codec.RtxPayloadType is { } rtx)
                {
                    rates.TryAdd(rtx, codec.ClockRate);
                }
            }
        }

        return new EchoClockRates(rates);
    }

    /// <summary>The clock rate of <paramref name="payloadType"/> in Hz, or 0 when it was not negotiated.</summary>
    public int GetClockRate(int payloadType) =>
        (uint)payloadType < PayloadTypeCount ? _byPayloadType[payloadType] : 0;
}
