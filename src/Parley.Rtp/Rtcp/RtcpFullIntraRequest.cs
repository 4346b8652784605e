using System.Buffers.Binary;

namespace Parley.Rtp.Rtcp;

/// <summary>Full Intra Request (PSFB, FMT 4): key-frame requests for one or more streams. View over the packet's bytes.</summary>
public readonly ref struct RtcpFullIntraRequest
{
    private const int FeedbackHeaderLength = 8;
    private const int EntryLength = 8;

    private readonly ReadOnlySpan<byte> _body;

    private RtcpFullIntraRequest(ReadOnlySpan<byte> body) => _body = body;

    // https://www.rfc-editor.org/rfc/rfc5104#section-4.3.1
    /// <summary>Reads <paramref name="packet"/> as a FIR; false unless it is PSFB/4 with at least one whole entry.</summary>
    public static bool TryParse(in RtcpPacket packet, out RtcpFullIntraRequest fir)
    {
        fir = default;
        var body = packet.Body;
        if (packet.PacketType != RtcpPacketType.PayloadFeedback
            || packet.Count != RtcpFeedbackFormat.FullIntraRequest
            || body.Length < FeedbackHeaderLength + EntryLength)
        {
            return false;
        }

        fir = new RtcpFullIntraRequest(body[..(FeedbackHeaderLength + ((body.Length - FeedbackHeaderLength) / EntryLength * EntryLength))]);
        return true;
    }

    public uint SenderSsrc => RtcpWire.ReadUInt32(_body, 0);

    public int EntryCount => (_body.Length - FeedbackHeaderLength) / EntryLength;

    public RtcpFullIntraRequestEntry GetEntry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, EntryCount);
        var entry = _body[(FeedbackHeaderLength + (index * EntryLength))..];
        return new RtcpFullIntraRequestEntry(BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    /// <summary>Writes a FIR (media SSRC 0, as RFC 5104 requires); returns the bytes written.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, ReadOnlySpan<RtcpFullIntraRequestEntry> entries)
    {
        if (entries.IsEmpty)
        {
            throw new ArgumentException("A FIR needs at least one entry.", nameof(entries));
        }

        var length = RtcpPacket.HeaderLength + FeedbackHeaderLength + (entries.Length * EntryLength);
        RtcpWire.EnsureCapacity(destination, length);
        RtcpWire.WriteFeedbackHeader(destination, RtcpFeedbackFormat.FullIntraRequest, RtcpPacketType.PayloadFeedback, length, senderSsrc, 0);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = destination[(RtcpPacket.HeaderLength + FeedbackHeaderLength + (i * EntryLength))..];
            BinaryPrimitives.WriteUInt32BigEndian(entry, entries[i].Ssrc);
            entry[4] = entries[i].SequenceNumber;
            entry[5..EntryLength].Clear();
        }

        return length;
    }
}
