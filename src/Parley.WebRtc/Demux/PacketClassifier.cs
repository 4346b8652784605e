namespace Parley.WebRtc.Demux;

/// <summary>
/// Demultiplexes the single UDP port shared by STUN, DTLS and SRTP/SRTCP.
/// </summary>
public static class PacketClassifier
{
    // https://www.rfc-editor.org/rfc/rfc7983#section-7 — first byte: 0–3 STUN, 20–63 DTLS, 128–191 RTP/RTCP.
    // https://www.rfc-editor.org/rfc/rfc5761#section-4 — with rtcp-mux, RTCP packet types 192–223 (second byte)
    // never collide with the RTP payload types WebRTC uses (0–127 with the marker bit folded in).

    /// <summary>Shortest RTP header (12 bytes) — also longer than any RTCP header (8 bytes), so both are checked.</summary>
    private const int MinimumRtcpLength = 8;
    private const int MinimumRtpLength = 12;

    /// <summary>Classifies a datagram; never throws, returns <see cref="PacketKind.Unknown"/> for anything else.</summary>
    public static PacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return PacketKind.Unknown;
        }

        byte first = datagram[0];
        if (first <= 3)
        {
            return PacketKind.Stun;
        }

        if (first is >= 20 and <= 63)
        {
            return PacketKind.Dtls;
        }

        if (first is >= 128 and <= 191)
        {
            if (datagram.Length < MinimumRtcpLength)
            {
                return PacketKind.Unknown;
            }

            byte packetType = datagram[1];
            if (packetType is >= 192 and <= 223)
            {
                return PacketKind.Rtcp;
            }

            return datagram.Length >= MinimumRtpLength ? PacketKind.Rtp : PacketKind.Unknown;
        }

        return PacketKind.Unknown;
    }
}
