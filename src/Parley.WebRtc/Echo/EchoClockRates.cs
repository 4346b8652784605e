using Parley.Sdp;

namespace Parley.WebRtc.Echo;

/// <summary>
/// RTP clock rate per payload type, from the offer/answer, so the echo can express packet arrival times in RTP
/// timestamp units for the interarrival jitter of its receiver reports (RFC 3550 §6.4.1, A.8).
/// Lookups are an array index: cheap enough for every echoed packet.
/// </summary>
public sealed class EchoClockRates
{
    /// <summary>Default for a video payload type whose rtpmap gives no rate: every WebRTC video codec runs at 90 kHz (RFC 3551 §5).</summary>
    public const int DefaultVideoClockRate = 90_000;

    /// <summary>Default for an audio payload type whose rtpmap gives no rate: the echo only accepts Opus, which is always 48 kHz (RFC 7587 §4.1).</summary>
    public const int DefaultOpusClockRate = 48_000;

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
    /// §8.1: an RTX stream uses the clock rate of the stream it repairs). A codec whose rtpmap carries no usable rate
    /// gets <see cref="DefaultVideoClockRate"/> in a video section and <see cref="DefaultOpusClockRate"/> in an audio one.
    /// </summary>
    public static EchoClockRates FromNegotiation(SdpNegotiation negotiation)
    {
        ArgumentNullException.ThrowIfNull(negotiation);
        var rates = new Dictionary<int, int>();
        foreach (var section in negotiation.AcceptedSections)
        {
            int? kindDefault = section.Kind switch
            {
                MediaDescription.Video => DefaultVideoClockRate,
                MediaDescription.Audio => DefaultOpusClockRate,
                _ => null,
            };
            foreach (var codec in section.Codecs)
            {
                int? rate = codec.ClockRate > 0 ? codec.ClockRate : kindDefault;
                if (rate is not { } known || codec.PayloadType is < 0 or >= PayloadTypeCount)
                {
                    continue;
                }

                rates.TryAdd(codec.PayloadType, known);
                if (codec.RtxPayloadType is { } rtx and >= 0 and < PayloadTypeCount)
                {
                    rates.TryAdd(rtx, known);
                }
            }
        }

        return new EchoClockRates(rates);
    }

    /// <summary>The clock rate of <paramref name="payloadType"/> in Hz, or 0 when it was not negotiated.</summary>
    public int GetClockRate(int payloadType) =>
        (uint)payloadType < PayloadTypeCount ? _byPayloadType[payloadType] : 0;
}
