namespace Parley.Rtp.Rtcp;

/// <summary>Picture Loss Indication (PSFB, FMT 1): "send me a key frame". Has no FCI.</summary>
public readonly ref struct RtcpPictureLossIndication
{
    public const int PacketLength = 12;

    private RtcpPictureLossIndication(uint senderSsrc, uint mediaSsrc)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
    }

    // https://www.rfc-editor.org/rfc/rfc4585#section-6.3.1
    /// <summary>Reads <paramref name="packet"/> as a PLI; false unless it is PSFB/1 with both SSRCs.</summary>
    public static bool TryParse(in RtcpPacket packet, out RtcpPictureLossIndication pli)
    {
        pli = default;
        if (packet.PacketType != RtcpPacketType.PayloadFeedback
            || packet.Count != RtcpFeedbackFormat.PictureLossIndication
            || packet.Body.Length < 8)
        {
            return false;
        }

        pli = new RtcpPictureLossIndication(RtcpWire.ReadUInt32(packet.Body, 0), RtcpWire.ReadUInt32(packet.Body, 4));
        return true;
    }

    public uint SenderSsrc { get; }

    /// <summary>The stream that needs a key frame.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Writes a 12-byte PLI; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        RtcpWire.EnsureCapacity(destination, PacketLength);
        RtcpWire.WriteFeedbackHeader(destination, RtcpFeedbackFormat.PictureLossIndication, RtcpPacketType.PayloadFeedback, PacketLength, senderSsrc, mediaSsrc);
        return PacketLength;
    }
}
