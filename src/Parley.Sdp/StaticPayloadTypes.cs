namespace Parley.Sdp;

/// <summary>
/// The RFC 3551 §6 static payload types browsers still list without an rtpmap line (e.g. Chromium's PCMU 0, PCMA 8, G722 9).
/// </summary>
internal static class StaticPayloadTypes
{
    public static RtpMap? Find(int payloadType) => payloadType switch
    {
        0 => new RtpMap(0, "PCMU", 8000, 1),
        8 => new RtpMap(8, "PCMA", 8000, 1),
        9 => new RtpMap(9, "G722", 8000, 1),
        13 => new RtpMap(13, "CN", 8000, 1),
        _ => null,
    };
}
