namespace Parley.Sdp;

/// <summary>
/// The rtpmap/fmtp/rtcp-fb lines of one m= section parsed once and indexed by payload type, so negotiation does
/// not re-parse the attribute list for every payload type (a Chromium video section has ~100 attributes).
/// The first line for a payload type wins, as in libwebrtc.
/// </summary>
internal sealed class MediaFormats
{
    private readonly Dictionary<int, RtpMap> _rtpMaps = [];
    private readonly Dictionary<int, Fmtp> _fmtps = [];

    public MediaFormats(MediaDescription section)
    {
        Kind = section.Media;
        PayloadTypes = section.PayloadTypes.Distinct().ToList();
        foreach (var map in section.RtpMaps)
        {
            _rtpMaps.TryAdd(map.PayloadType, map);
        }

        foreach (var fmtp in section.Fmtps)
        {
            _fmtps.TryAdd(fmtp.PayloadType, fmtp);
        }

        Feedback = section.RtcpFeedbacks.ToList();
    }

    public string Kind { get; }

    /// <summary>The m= line's payload types in order, without repeats.</summary>
    public IReadOnlyList<int> PayloadTypes { get; }

    public IReadOnlyList<RtcpFeedback> Feedback { get; }

    /// <summary>The rtpmap of <paramref name="payloadType"/>, falling back to the RFC 3551 static assignments.</summary>
    public RtpMap? RtpMap(int payloadType) =>
        _rtpMaps.TryGetValue(payloadType, out var map) ? map : StaticPayloadTypes.Find(payloadType);

    /// <summary>The rtpmap written in the section itself (no static fallback), for copying into an answer.</summary>
    public RtpMap? WrittenRtpMap(int payloadType) => _rtpMaps.GetValueOrDefault(payloadType);

    public Fmtp? Fmtp(int payloadType) => _fmtps.GetValueOrDefault(payloadType);

    public bool IsRtx(int payloadType) => RtpMap(payloadType)?.IsEncoding("rtx") == true;
}
