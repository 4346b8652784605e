namespace Parley.Sdp;

/// <summary>
/// A codec both sides agreed on in one m= section, with the payload type the agreement uses, its fmtp parameters,
/// its feedback and, when negotiated, the payload type of its RTX stream.
/// </summary>
public sealed record NegotiatedCodec(
    int PayloadType,
    string Name,
    int ClockRate,
    int? Channels,
    Fmtp? Parameters,
    ValueList<RtcpFeedback> Feedback,
    int? RtxPayloadType)
{
    public bool IsNamed(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    public bool HasFeedback(string type, string? parameter = null) =>
        Feedback.Any(fb => fb.Type == type && fb.Parameter == parameter);
}
