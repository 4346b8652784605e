using System.Buffers.Binary;
using System.Text;
using Parley.Rtp;
using Parley.Rtp.Codecs;
using Parley.Rtp.Rtcp;

namespace Parley.Sfu.Tests;

/// <summary>Builds publisher packets and reads what the SFU sent.</summary>
internal static class TestPackets
{
    public static readonly RtpHeaderExtensionIds PublisherIds = new() { Mid = 1, Rid = 2, RepairedRid = 3, AudioLevel = 4, AbsSendTime = 5, TransportCc = 6 };

    public static readonly RtpHeaderExtensionIds SubscriberIds = new() { Mid = 9, AbsSendTime = 10, TransportCc = 11, AudioLevel = 12 };

    public static RtpCodec Vp8 => new("VP8", 90_000, 96) { RtxPayloadType = 97, Feedback = RtcpFeedback.Nack | RtcpFeedback.NackPli | RtcpFeedback.CcmFir };

    public static RtpCodec Vp9 => new("VP9", 90_000, 98) { RtxPayloadType = 99, Feedback = RtcpFeedback.Nack | RtcpFeedback.NackPli | RtcpFeedback.CcmFir };

    public static RtpCodec Opus => new("opus", 48_000, 111) { Channels = 2 };

    /// <summary>A VP8 packet (RFC 7741 descriptor with 15-bit picture id, TL0PICIDX and TID) from a publisher.</summary>
    public static byte[] Vp8Packet(uint ssrc, ushort sequenceNumber, uint timestamp, bool keyFrame, int pictureId,
        string? mid = null, string? rid = null, byte tl0PicIdx = 0, int temporalLayer = 0, bool startOfFrame = true, int payloadSize = 20,
        int transportSequenceNumber = -1)
    {
        var buffer = new byte[1500];
        var writer = new RtpPacketWriter(buffer, 96, sequenceNumber, timestamp, ssrc);
        if (transportSequenceNumber >= 0)
        {
            writer.AddExtension(PublisherIds.TransportCc, [(byte)(transportSequenceNumber >> 8), (byte)transportSequenceNumber]);
        }

        if (mid is not null)
        {
            writer.AddExtension(PublisherIds.Mid, Encoding.ASCII.GetBytes(mid));
        }

        if (rid is not null)
        {
            writer.AddExtension(PublisherIds.Rid, Encoding.ASCII.GetBytes(rid));
        }

        var payload = writer.BeginPayload(7 + payloadSize);
        payload[0] = (byte)(0x80 | (startOfFrame ? 0x10 : 0));
        payload[1] = 0xE0; // I, L, T
        payload[2] = (byte)(0x80 | (pictureId >> 8));
        payload[3] = (byte)pictureId;
        payload[4] = tl0PicIdx;
        payload[5] = (byte)(temporalLayer << 6);
        payload[6] = (byte)(keyFrame ? 0x00 : 0x01);
        return buffer[..writer.Length];
    }

    /// <summary>A VP9 packet, non-flexible mode (RFC 9628 §4.2: I, L, B, E; 15-bit picture id, TID/SID, TL0PICIDX), one packet per frame.</summary>
    public static byte[] Vp9Packet(uint ssrc, ushort sequenceNumber, uint timestamp, bool keyFrame, int pictureId,
        string? mid = null, string? rid = null, byte tl0PicIdx = 0, int temporalLayer = 0)
    {
        var buffer = new byte[1500];
        var writer = new RtpPacketWriter(buffer, 98, sequenceNumber, timestamp, ssrc, marker: true);
        if (mid is not null)
        {
            writer.AddExtension(PublisherIds.Mid, Encoding.ASCII.GetBytes(mid));
        }

        if (rid is not null)
        {
            writer.AddExtension(PublisherIds.Rid, Encoding.ASCII.GetBytes(rid));
        }

        var payload = writer.BeginPayload(5 + 20);
        payload[0] = (byte)(0x80 | (keyFrame ? 0 : 0x40) | 0x20 | 0x08 | 0x04);
        payload[1] = (byte)(0x80 | (pictureId >> 8));
        payload[2] = (byte)pictureId;
        payload[3] = (byte)(temporalLayer << 5);
        payload[4] = tl0PicIdx;
        return buffer[..writer.Length];
    }

    public static byte[] OpusPacket(uint ssrc, ushort sequenceNumber, uint timestamp, string? mid = null, byte level = 0x20)
    {
        var buffer = new byte[200];
        var writer = new RtpPacketWriter(buffer, 111, sequenceNumber, timestamp, ssrc);
        if (mid is not null)
        {
            writer.AddExtension(PublisherIds.Mid, Encoding.ASCII.GetBytes(mid));
        }

        writer.AddExtension(PublisherIds.AudioLevel, [level]);
        writer.WritePayload([0xFC, 1, 2, 3]);
        return buffer[..writer.Length];
    }

    /// <summary>Wraps a publisher packet as RTX (RFC 4588) with the repaired-rid extension.</summary>
    public static byte[] RtxOf(byte[] original, uint rtxSsrc, ushort rtxSequenceNumber, string? mid, string rid)
    {
        Assert.True(RtpPacket.TryParse(original.ToArray(), out var packet));
        var buffer = new byte[1500];
        var writer = new RtpPacketWriter(buffer, 97, rtxSequenceNumber, packet.Timestamp, rtxSsrc, packet.Marker);
        if (mid is not null)
        {
            writer.AddExtension(PublisherIds.Mid, Encoding.ASCII.GetBytes(mid));
        }

        writer.AddExtension(PublisherIds.RepairedRid, Encoding.ASCII.GetBytes(rid));
        var payload = writer.BeginPayload(packet.Payload.Length + 2);
        BinaryPrimitives.WriteUInt16BigEndian(payload, packet.SequenceNumber);
        packet.Payload.CopyTo(payload[2..]);
        return buffer[..writer.Length];
    }

    public static byte[] Nack(uint mediaSsrc, params ushort[] lost)
    {
        var buffer = new byte[256];
        return buffer[..RtcpGenericNack.Write(buffer, 0x5555, mediaSsrc, lost)];
    }

    public static byte[] Pli(uint mediaSsrc)
    {
        var buffer = new byte[12];
        RtcpPictureLossIndication.Write(buffer, 0x5555, mediaSsrc);
        return buffer;
    }

    public static SentPacket Read(byte[] bytes) => Read(bytes, PayloadCodec.Vp8);

    /// <summary>Reads a packet the SFU sent, with the picture id and TL0PICIDX of <paramref name="codec"/>'s descriptor.</summary>
    public static SentPacket Read(byte[] bytes, PayloadCodec codec)
    {
        var copy = bytes.ToArray();
        Assert.True(RtpPacket.TryParse(copy, out var packet));
        var pictureId = -1;
        var tl0 = -1;
        if (codec == PayloadCodec.Vp9)
        {
            if (Vp9PayloadDescriptor.TryParse(packet.Payload, out var vp9))
            {
                pictureId = vp9.HasPictureId ? vp9.PictureId : -1;
                tl0 = vp9.HasTl0PicIdx ? vp9.Tl0PicIdx : -1;
            }
        }
        else if (packet.PayloadType is 100 or 96 && Vp8PayloadDescriptor.TryParse(packet.Payload, out var vp8))
        {
            pictureId = vp8.HasPictureId ? vp8.PictureId : -1;
            tl0 = vp8.HasTl0PicIdx ? vp8.Tl0PicIdx : -1;
        }

        return new SentPacket(packet.Ssrc, packet.PayloadType, packet.SequenceNumber, packet.Timestamp, pictureId, tl0, packet.Payload.ToArray());
    }

    /// <summary>The media SSRCs of the PLIs in what was sent as RTCP.</summary>
    public static List<uint> PliTargets(IEnumerable<byte[]> rtcp)
    {
        var targets = new List<uint>();
        foreach (var datagram in rtcp)
        {
            foreach (var packet in RtcpCompound.Enumerate(datagram))
            {
                if (RtcpPictureLossIndication.TryParse(packet, out var pli))
                {
                    targets.Add(pli.MediaSsrc);
                }
            }
        }

        return targets;
    }
}

internal sealed record SentPacket(uint Ssrc, byte PayloadType, ushort SequenceNumber, uint Timestamp, int PictureId, int Tl0PicIdx, byte[] Payload);
