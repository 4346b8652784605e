namespace Parley.Rtp;

/// <summary>First-byte demultiplexing of one UDP port shared by STUN, DTLS, RTP and RTCP.</summary>
public static class RtpDemux
{
    // https://www.rfc-editor.org/rfc/rfc7983#section-7
    /// <summary>RTP and RTCP both start with version 2, i.e. a first byte in 128–191.</summary>
    public static bool IsRtpOrRtcp(ReadOnlySpan<byte> datagram) => datagram.Length >= 2 && datagram[0] is >= 128 and <= 191;

    // https://www.rfc-editor.org/rfc/rfc5761#section-4
    /// <summary>
    /// With rtcp-mux, the second byte is the RTCP packet type 192–223 (200–206 in practice); RTP payload
    /// types stay out of that range (once the marker bit is masked they would be 64–95).
    /// </summary>
    public static bool IsRtcp(ReadOnlySpan<byte> datagram) => IsRtpOrRtcp(datagram) && datagram[1] is >= 192 and <= 223;

    /// <summary>An RTP (not RTCP) packet under rtcp-mux.</summary>
    public static bool IsRtp(ReadOnlySpan<byte> datagram) => IsRtpOrRtcp(datagram) && datagram[1] is < 192 or > 223;
}
