using System.Buffers.Binary;

namespace Parley.Rtp.Rtcp;

/// <summary>
/// REMB (PSFB, FMT 15, identifier "REMB"): the receiver's estimate of the total bitrate it can take for the
/// listed SSRCs. View over the packet's bytes.
/// </summary>
public readonly ref struct RtcpReceiverEstimatedMaxBitrate
{
    private const int FeedbackHeaderLength = 8;
    private const int FixedFciLength = 8; // "REMB", SSRC count, exponent + mantissa
    private const int MantissaBits = 18;

    private readonly ReadOnlySpan<byte> _body;

    private RtcpReceiverEstimatedMaxBitrate(ReadOnlySpan<byte> body) => _body = body;

    // https://datatracker.ietf.org/doc/html/draft-alvestrand-rmcat-remb-03#section-2.2
    /// <summary>Reads <paramref name="packet"/> as REMB; false unless it is PSFB/15 starting with "REMB" and its SSRC list fits.</summary>
    public static bool TryParse(in RtcpPacket packet, out RtcpReceiverEstimatedMaxBitrate remb)
    {
        remb = default;
        var body = packet.Body;
        if (packet.PacketType != RtcpPacketType.PayloadFeedback
            || packet.Count != RtcpFeedbackFormat.ApplicationLayer
            || body.Length < FeedbackHeaderLength + FixedFciLength
            || !body.Slice(FeedbackHeaderLength, 4).SequenceEqual("REMB"u8)
            || body.Length < FeedbackHeaderLength + FixedFciLength + (body[FeedbackHeaderLength + 4] * 4))
        {
            return false;
        }

        remb = new RtcpReceiverEstimatedMaxBitrate(body);
        return true;
    }

    public uint SenderSsrc => RtcpWire.ReadUInt32(_body, 0);

    /// <summary>Bits per second: an 18-bit mantissa shifted left by a 6-bit exponent (saturates at ulong.MaxValue).</summary>
    public ulong Bitrate
    {
        get
        {
            var exponent = _body[FeedbackHeaderLength + 5] >> 2;
            var mantissa = (ulong)(((_body[FeedbackHeaderLength + 5] & 0x03) << 16)
                | BinaryPrimitives.ReadUInt16BigEndian(_body[(FeedbackHeaderLength + 6)..]));
            return exponent > 0 && mantissa > (ulong.MaxValue >> exponent) ? ulong.MaxValue : mantissa << exponent;
        }
    }

    public int SsrcCount => _body[FeedbackHeaderLength + 4];

    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SsrcCount);
        return RtcpWire.ReadUInt32(_body, FeedbackHeaderLength + FixedFciLength + (index * 4));
    }

    /// <summary>
    /// Writes a REMB for <paramref name="bitrate"/> bits/s over up to 255 SSRCs; the value is rounded down to
    /// what an 18-bit mantissa can express. Returns the bytes written.
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ssrcs.Length, 255, nameof(ssrcs));
        var length = RtcpPacket.HeaderLength + FeedbackHeaderLength + FixedFciLength + (ssrcs.Length * 4);
        RtcpWire.EnsureCapacity(destination, length);
        RtcpWire.WriteFeedbackHeader(destination, RtcpFeedbackFormat.ApplicationLayer, RtcpPacketType.PayloadFeedback, length, senderSsrc, 0);

        var exponent = 0;
        while ((bitrate >> exponent) >= (1UL << MantissaBits))
        {
            exponent++;
        }

        var mantissa = (uint)(bitrate >> exponent);
        var fci = destination[(RtcpPacket.HeaderLength + FeedbackHeaderLength)..];
        "REMB"u8.CopyTo(fci);
        fci[4] = (byte)ssrcs.Length;
        fci[5] = (byte)((exponent << 2) | (int)(mantissa >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(fci[6..], (ushort)mantissa);
        for (var i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(fci[(FixedFciLength + (i * 4))..], ssrcs[i]);
        }

        return length;
    }
}
