using System.Buffers.Binary;

namespace Parley.Rtp.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback (RTPFB, FMT 15): per transport sequence number, whether the
/// packet arrived and when (relative receive deltas). View over the packet's bytes.
/// </summary>
public readonly ref struct RtcpTransportFeedback
{
    private const int FeedbackHeaderLength = 8;
    private const int FixedFciLength = 8; // base seq, status count, reference time (24), feedback packet count

    private readonly ReadOnlySpan<byte> _body;
    private readonly int _deltasOffset;

    private RtcpTransportFeedback(ReadOnlySpan<byte> body, int deltasOffset)
    {
        _body = body;
        _deltasOffset = deltasOffset;
    }

    // https://datatracker.ietf.org/doc/html/draft-holmer-rmcat-transport-wide-cc-extensions-01#section-3.1
    /// <summary>
    /// Reads <paramref name="packet"/> as transport-wide CC feedback. Walks every chunk once so that the
    /// enumeration cannot fail later: false unless it is RTPFB/15, the chunks cover the status count, no
    /// symbol is the reserved value 3, and the receive deltas fit in the packet.
    /// </summary>
    public static bool TryParse(in RtcpPacket packet, out RtcpTransportFeedback feedback)
    {
        feedback = default;
        var body = packet.Body;
        if (packet.PacketType != RtcpPacketType.TransportFeedback
            || packet.Count != RtcpFeedbackFormat.TransportWideCongestionControl
            || body.Length < FeedbackHeaderLength + FixedFciLength)
        {
            return false;
        }

        int remaining = BinaryPrimitives.ReadUInt16BigEndian(body[(FeedbackHeaderLength + 2)..]);
        var position = FeedbackHeaderLength + FixedFciLength;
        var deltaBytes = 0;
        while (remaining > 0)
        {
            if (position + 2 > body.Length)
            {
                return false;
            }

            var chunk = BinaryPrimitives.ReadUInt16BigEndian(body[position..]);
            position += 2;
            var covered = Math.Min(TransportFeedbackChunk.Capacity(chunk), remaining);
            for (var i = 0; i < covered; i++)
            {
                var symbol = TransportFeedbackChunk.Symbol(chunk, i);
                if (symbol == 3)
                {
                    return false;
                }

                deltaBytes += TransportFeedbackChunk.DeltaSize(symbol);
            }

            remaining -= covered;
        }

        if (position + deltaBytes > body.Length)
        {
            return false;
        }

        feedback = new RtcpTransportFeedback(body, position);
        return true;
    }

    public uint SenderSsrc => RtcpWire.ReadUInt32(_body, 0);

    public uint MediaSsrc => RtcpWire.ReadUInt32(_body, 4);

    /// <summary>Transport-wide sequence number of the first packet described.</summary>
    public ushort BaseSequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_body[FeedbackHeaderLength..]);

    public int PacketStatusCount => BinaryPrimitives.ReadUInt16BigEndian(_body[(FeedbackHeaderLength + 2)..]);

    /// <summary>Signed 24-bit reference time in multiples of 64 ms.</summary>
    public int ReferenceTime
    {
        get
        {
            var value = (_body[FeedbackHeaderLength + 4] << 16) | (_body[FeedbackHeaderLength + 5] << 8) | _body[FeedbackHeaderLength + 6];
            return (value << 8) >> 8; // sign-extend from 24 bits
        }
    }

    /// <summary>Counts feedback packets so the media sender can detect lost feedback.</summary>
    public byte FeedbackPacketCount => _body[FeedbackHeaderLength + 7];

    /// <summary>One entry per sequence number from <see cref="BaseSequenceNumber"/>, in order.</summary>
    public RtcpTransportFeedbackEnumerator Packets => new(
        _body[(FeedbackHeaderLength + FixedFciLength).._deltasOffset],
        _body[_deltasOffset..],
        BaseSequenceNumber,
        PacketStatusCount);

    /// <summary>
    /// Writes feedback for <paramref name="packets"/>, whose sequence numbers must run consecutively from
    /// <paramref name="baseSequenceNumber"/> (build them with <see cref="TransportFeedbackPacket.Received"/> and
    /// <see cref="TransportFeedbackPacket.Lost"/>). Chooses run-length chunks for long runs and status vectors
    /// otherwise. Pads to 32 bits with the P bit, as libwebrtc does. Returns the bytes written.
    /// </summary>
    public static int Write(
        Span<byte> destination,
        uint senderSsrc,
        uint mediaSsrc,
        ushort baseSequenceNumber,
        int referenceTime,
        byte feedbackPacketCount,
        ReadOnlySpan<TransportFeedbackPacket> packets)
    {
        if (packets.IsEmpty || packets.Length > ushort.MaxValue)
        {
            throw new ArgumentException("Feedback describes 1–65535 packets.", nameof(packets));
        }

        if (referenceTime is < -0x800000 or > 0x7FFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(referenceTime), "The reference time is a signed 24-bit value.");
        }

        for (var i = 0; i < packets.Length; i++)
        {
            if (packets[i].SequenceNumber != (ushort)(baseSequenceNumber + i) || (byte)packets[i].Status > 2)
            {
                throw new ArgumentException("Packets must be consecutive from the base sequence number, with a valid status.", nameof(packets));
            }
        }

        var position = RtcpPacket.HeaderLength + FeedbackHeaderLength + FixedFciLength;
        RtcpWire.EnsureCapacity(destination, position);
        var fci = destination[(RtcpPacket.HeaderLength + FeedbackHeaderLength)..];
        BinaryPrimitives.WriteUInt16BigEndian(fci, baseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(fci[2..], (ushort)packets.Length);
        fci[4] = (byte)(referenceTime >> 16);
        fci[5] = (byte)(referenceTime >> 8);
        fci[6] = (byte)referenceTime;
        fci[7] = feedbackPacketCount;

        position = WriteChunks(destination, position, packets);
        position = WriteDeltas(destination, position, packets);

        var padding = (4 - (position % 4)) % 4;
        RtcpWire.EnsureCapacity(destination, position + padding);
        if (padding > 0)
        {
            destination.Slice(position, padding).Clear();
            destination[position + padding - 1] = (byte)padding;
        }

        var length = position + padding;
        RtcpWire.WriteFeedbackHeader(destination, RtcpFeedbackFormat.TransportWideCongestionControl, RtcpPacketType.TransportFeedback, length, senderSsrc, mediaSsrc);
        if (padding > 0)
        {
            destination[0] |= 0x20;
        }

        return length;
    }

    private static int WriteChunks(Span<byte> destination, int position, ReadOnlySpan<TransportFeedbackPacket> packets)
    {
        var index = 0;
        while (index < packets.Length)
        {
            var symbol = (int)packets[index].Status;
            var run = 1;
            while (index + run < packets.Length && run < TransportFeedbackChunk.MaxRunLength && (int)packets[index + run].Status == symbol)
            {
                run++;
            }

            var left = packets.Length - index;
            ushort chunk;
            int covered;
            if (run >= TransportFeedbackChunk.OneBitCapacity || run == left)
            {
                chunk = (ushort)((symbol << 13) | run);
                covered = run;
            }
            else if (AllAtMostSmall(packets.Slice(index, Math.Min(TransportFeedbackChunk.OneBitCapacity, left))))
            {
                covered = Math.Min(TransportFeedbackChunk.OneBitCapacity, left);
                chunk = 0x8000;
                for (var i = 0; i < covered; i++)
                {
                    chunk |= (ushort)((int)packets[index + i].Status << (13 - i));
                }
            }
            else if (run >= TransportFeedbackChunk.TwoBitCapacity)
            {
                chunk = (ushort)((symbol << 13) | run);
                covered = run;
            }
            else
            {
                covered = Math.Min(TransportFeedbackChunk.TwoBitCapacity, left);
                chunk = 0xC000;
                for (var i = 0; i < covered; i++)
                {
                    chunk |= (ushort)((int)packets[index + i].Status << (12 - (2 * i)));
                }
            }

            RtcpWire.EnsureCapacity(destination, position + 2);
            BinaryPrimitives.WriteUInt16BigEndian(destination[position..], chunk);
            position += 2;
            index += covered;
        }

        return position;
    }

    private static int WriteDeltas(Span<byte> destination, int position, ReadOnlySpan<TransportFeedbackPacket> packets)
    {
        foreach (var packet in packets)
        {
            switch (packet.Status)
            {
                case TransportFeedbackStatus.ReceivedSmallDelta:
                    if (packet.DeltaTicks is < 0 or > byte.MaxValue)
                    {
                        throw new ArgumentException("A small delta is 0–255 ticks.", nameof(packets));
                    }

                    RtcpWire.EnsureCapacity(destination, position + 1);
                    destination[position++] = (byte)packet.DeltaTicks;
                    break;
                case TransportFeedbackStatus.ReceivedLargeDelta:
                    if (packet.DeltaTicks is < short.MinValue or > short.MaxValue)
                    {
                        throw new ArgumentException("A large delta is a signed 16-bit tick count.", nameof(packets));
                    }

                    RtcpWire.EnsureCapacity(destination, position + 2);
                    BinaryPrimitives.WriteInt16BigEndian(destination[position..], (short)packet.DeltaTicks);
                    position += 2;
                    break;
                default:
                    break;
            }
        }

        return position;
    }

    private static bool AllAtMostSmall(ReadOnlySpan<TransportFeedbackPacket> packets)
    {
        foreach (var packet in packets)
        {
            if (packet.Status == TransportFeedbackStatus.ReceivedLargeDelta)
            {
                return false;
            }
        }

        return true;
    }
}
