using System.Buffers.Binary;

namespace Parley.Rtp.Rtcp;

/// <summary>Generic NACK (RTPFB, FMT 1): which RTP packets of the media SSRC were lost. View over the packet's bytes.</summary>
public readonly ref struct RtcpGenericNack
{
    private const int FeedbackHeaderLength = 8;

    private readonly ReadOnlySpan<byte> _body;

    private RtcpGenericNack(ReadOnlySpan<byte> body) => _body = body;

    // https://www.rfc-editor.org/rfc/rfc4585#section-6.2.1
    /// <summary>Reads <paramref name="packet"/> as a generic NACK; false unless it is RTPFB/1 with at least one whole entry.</summary>
    public static bool TryParse(in RtcpPacket packet, out RtcpGenericNack nack)
    {
        nack = default;
        var body = packet.Body;
        if (packet.PacketType != RtcpPacketType.TransportFeedback
            || packet.Count != RtcpFeedbackFormat.GenericNack
            || body.Length < FeedbackHeaderLength + 4)
        {
            return false;
        }

        // A trailing partial entry cannot come from a conforming sender; only whole entries are used.
        nack = new RtcpGenericNack(body[..(FeedbackHeaderLength + ((body.Length - FeedbackHeaderLength) & ~3))]);
        return true;
    }

    public uint SenderSsrc => RtcpWire.ReadUInt32(_body, 0);

    public uint MediaSsrc => RtcpWire.ReadUInt32(_body, 4);

    public int EntryCount => (_body.Length - FeedbackHeaderLength) / 4;

    /// <summary>The packet id (first lost sequence number) and bitmask of following losses of entry <paramref name="index"/>.</summary>
    public (ushort PacketId, ushort LostBitmask) GetEntry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, EntryCount);
        var entry = _body[(FeedbackHeaderLength + (index * 4))..];
        return (BinaryPrimitives.ReadUInt16BigEndian(entry), BinaryPrimitives.ReadUInt16BigEndian(entry[2..]));
    }

    /// <summary>Every lost sequence number, in entry order.</summary>
    public RtcpNackLostEnumerator LostSequenceNumbers => new(_body[FeedbackHeaderLength..]);

    /// <summary>
    /// Writes a NACK for <paramref name="lostSequenceNumbers"/>, which must be in ascending wrap-around order
    /// (duplicates are ignored); consecutive losses within 16 of an entry's PID share that entry.
    /// Returns the bytes written.
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lostSequenceNumbers)
    {
        if (lostSequenceNumbers.IsEmpty)
        {
            throw new ArgumentException("A NACK needs at least one lost sequence number.", nameof(lostSequenceNumbers));
        }

        var entries = CountEntries(lostSequenceNumbers);
        var length = RtcpPacket.HeaderLength + FeedbackHeaderLength + (entries * 4);
        RtcpWire.EnsureCapacity(destination, length);
        RtcpWire.WriteFeedbackHeader(destination, RtcpFeedbackFormat.GenericNack, RtcpPacketType.TransportFeedback, length, senderSsrc, mediaSsrc);
        var position = RtcpPacket.HeaderLength + FeedbackHeaderLength;
        var pid = lostSequenceNumbers[0];
        ushort blp = 0;
        for (var i = 1; i < lostSequenceNumbers.Length; i++)
        {
            var distance = SequenceNumber.Distance(lostSequenceNumbers[i], pid);
            if (distance is >= 1 and <= 16)
            {
                blp |= (ushort)(1 << (distance - 1));
            }
            else if (distance != 0)
            {
                WriteEntry(destination[position..], pid, blp);
                position += 4;
                pid = lostSequenceNumbers[i];
                blp = 0;
            }
        }

        WriteEntry(destination[position..], pid, blp);
        return length;
    }

    private static int CountEntries(ReadOnlySpan<ushort> lostSequenceNumbers)
    {
        var entries = 1;
        var pid = lostSequenceNumbers[0];
        for (var i = 1; i < lostSequenceNumbers.Length; i++)
        {
            var distance = SequenceNumber.Distance(lostSequenceNumbers[i], pid);
            if (distance < 0)
            {
                throw new ArgumentException("Lost sequence numbers must be in ascending order.", nameof(lostSequenceNumbers));
            }

            if (distance > 16)
            {
                entries++;
                pid = lostSequenceNumbers[i];
            }
        }

        return entries;
    }

    private static void WriteEntry(Span<byte> destination, ushort pid, ushort blp)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, pid);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], blp);
    }
}
