namespace Parley.Sdp;

/// <summary>
/// A codec the server offers: payload type, rtpmap fields, fmtp parameters, feedback ("nack", "nack pli",
/// "ccm fir", "transport-cc", "goog-remb") and optionally an RTX payload type (written as <c>rtx/&lt;clock&gt;</c>
/// with <c>apt=</c>).
/// </summary>
public sealed record OfferCodec(int PayloadType, string Name, int ClockRate, int? Channels = null)
{
    public ValueList<KeyValuePair<string, string?>> Parameters { get; init; } = new([]);

    public ValueList<string> Feedback { get; init; } = new([]);

    public int? RtxPayloadType { get; init; }

    /// <summary>opus/48000/2 with in-band FEC, as browsers expect it.</summary>
    public static OfferCodec Opus(int payloadType = 111) => new(payloadType, "opus", 48000, 2)
    {
        Parameters = new([new("minptime", "10"), new("useinbandfec", "1")]),
        Feedback = new(["transport-cc"]),
    };

    /// <summary>VP8 with NACK/PLI/FIR/transport-cc and RTX.</summary>
    public static OfferCodec Vp8(int payloadType = 96, int? rtxPayloadType = 97) => new(payloadType, "VP8", 90000)
    {
        Feedback = new(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"]),
        RtxPayloadType = rtxPayloadType,
    };

    /// <summary>H264 constrained baseline 3.1, packetization-mode 1, with RTX.</summary>
    public static OfferCodec H264(int payloadType = 102, int? rtxPayloadType = 103) => new(payloadType, "H264", 90000)
    {
        Parameters = new([new("level-asymmetry-allowed", "1"), new("packetization-mode", "1"), new("profile-level-id", "42e01f")]),
        Feedback = new(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"]),
        RtxPayloadType = rtxPayloadType,
    };

    internal void AppendAttributes(SdpAttributeList attributes)
    {
        attributes.Add(new RtpMap(PayloadType, Name, ClockRate, Channels).ToAttribute());
        foreach (var feedback in Feedback)
        {
            var space = feedback.IndexOf(' ', StringComparison.Ordinal);
            attributes.Add(new RtcpFeedback(PayloadType, space < 0 ? feedback : feedback[..space], space < 0 ? null : feedback[(space + 1)..]).ToAttribute());
        }

        if (Parameters.Count > 0)
        {
            attributes.Add(new Fmtp(PayloadType, Parameters).ToAttribute());
        }

        if (RtxPayloadType is { } rtx)
        {
            attributes.Add(new RtpMap(rtx, "rtx", ClockRate).ToAttribute());
            attributes.Add(Fmtp.Create(rtx, ("apt", SdpText.Format(PayloadType))).ToAttribute());
        }
    }
}
