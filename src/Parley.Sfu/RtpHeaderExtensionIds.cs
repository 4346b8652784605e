namespace Parley.Sfu;

/// <summary>
/// The header-extension ids (a=extmap, RFC 8285, one-byte form: 1–14) negotiated on one transport; 0 means not
/// negotiated. A producer carries its send transport's ids, a consumer its recv transport's.
/// </summary>
public sealed record RtpHeaderExtensionIds
{
    public static RtpHeaderExtensionIds None { get; } = new();

    /// <summary>urn:ietf:params:rtp-hdrext:sdes:mid</summary>
    public byte Mid { get; init; }

    /// <summary>urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id</summary>
    public byte Rid { get; init; }

    /// <summary>urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id</summary>
    public byte RepairedRid { get; init; }

    /// <summary>urn:ietf:params:rtp-hdrext:ssrc-audio-level (RFC 6464)</summary>
    public byte AudioLevel { get; init; }

    /// <summary>http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time</summary>
    public byte AbsSendTime { get; init; }

    /// <summary>http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01</summary>
    public byte TransportCc { get; init; }

    /// <summary>urn:3gpp:video-orientation</summary>
    public byte VideoOrientation { get; init; }

    internal void Validate(string parameterName)
    {
        Span<byte> ids = [Mid, Rid, RepairedRid, AudioLevel, AbsSendTime, TransportCc, VideoOrientation];
        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] > 14)
            {
                throw new ArgumentException($"Header-extension ids must be 1–14 (one-byte form) or 0; got {ids[i]}.", parameterName);
            }

            for (var j = 0; j < i; j++)
            {
                if (ids[i] != 0 && ids[i] == ids[j])
                {
                    throw new ArgumentException($"Header-extension id {ids[i]} is used for two extensions.", parameterName);
                }
            }
        }
    }
}
