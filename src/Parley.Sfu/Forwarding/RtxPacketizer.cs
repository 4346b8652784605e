using System.Buffers.Binary;
using Parley.Rtp;

namespace Parley.Sfu.Forwarding;

/// <summary>
/// RFC 4588 retransmission format, in place. Outgoing: turns a packet already built in a buffer into its RTX
/// form (RTX SSRC and payload type, this packetizer's own sequence numbers, the original sequence number as
/// the first two payload bytes, padding dropped). Incoming: <see cref="TryUnwrap"/> restores the original.
/// One packetizer per consumer with RTX; not thread-safe (guarded by the consumer's lock).
/// </summary>
internal sealed class RtxPacketizer
{
    private ushort _nextSequenceNumber;

    public RtxPacketizer(uint ssrc, byte payloadType, ushort firstSequenceNumber)
    {
        Ssrc = ssrc;
        PayloadType = payloadType;
        _nextSequenceNumber = firstSequenceNumber;
    }

    public uint Ssrc { get; }

    public byte PayloadType { get; }

    /// <summary>The sequence number the next retransmission will carry.</summary>
    public ushort NextSequenceNumber => _nextSequenceNumber;

    // https://www.rfc-editor.org/rfc/rfc4588#section-4
    /// <summary>
    /// Rewraps the packet in <c>buffer[..length]</c> as RTX; <paramref name="buffer"/> needs two spare bytes
    /// after it. Returns the new length, or -1 when the buffer is not a valid RTP packet or has no room.
    /// </summary>
    public int Wrap(Span<byte> buffer, int length)
    {
        if (!RtpPacket.TryParse(buffer[..length], out var packet))
        {
            return -1;
        }

        var payloadLength = packet.Payload.Length;
        var headerLength = packet.HeaderLength;
        if (headerLength + 2 + payloadLength > buffer.Length)
        {
            return -1;
        }

        var originalSequenceNumber = packet.SequenceNumber;
        buffer.Slice(headerLength, payloadLength).CopyTo(buffer[(headerLength + 2)..]);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[headerLength..], originalSequenceNumber);
        buffer[0] &= 0xDF; // padding is not carried over
        packet.Ssrc = Ssrc;
        packet.PayloadType = PayloadType;
        packet.SequenceNumber = _nextSequenceNumber++;
        return headerLength + 2 + payloadLength;
    }

    /// <summary>
    /// Restores the original packet from the RTX packet in <c>buffer[..length]</c>, in place: SSRC and payload
    /// type of the original stream, sequence number = OSN, payload without the OSN, padding dropped. False for
    /// invalid RTP and for packets without an OSN (padding-only probes, which the caller counts and drops).
    /// </summary>
    public static bool TryUnwrap(Span<byte> buffer, int length, uint originalSsrc, byte originalPayloadType, out int unwrappedLength)
    {
        unwrappedLength = 0;
        if (!RtpPacket.TryParse(buffer[..length], out var packet) || packet.Payload.Length < 2)
        {
            return false;
        }

        var headerLength = packet.HeaderLength;
        var payloadLength = packet.Payload.Length - 2;
        packet.SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet.Payload);
        packet.Ssrc = originalSsrc;
        packet.PayloadType = originalPayloadType;
        buffer.Slice(headerLength + 2, payloadLength).CopyTo(buffer[headerLength..]);
        buffer[0] &= 0xDF;
        unwrappedLength = headerLength + payloadLength;
        return true;
    }
}
