using System.Buffers.Binary;
using System.Text;

namespace Parley.Rtp.Rtcp;

/// <summary>A Source Description packet (PT 202): chunks of SSRC + items. View over the packet's bytes.</summary>
public readonly ref struct RtcpSourceDescription
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly int _chunkCount;

    private RtcpSourceDescription(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        _chunkCount = chunkCount;
    }

    // https://www.rfc-editor.org/rfc/rfc3550#section-6.5
    /// <summary>Reads <paramref name="packet"/> as SDES; false unless every chunk's items end with a null item inside the body.</summary>
    public static bool TryParse(in RtcpPacket packet, out RtcpSourceDescription description)
    {
        description = default;
        if (packet.PacketType != RtcpPacketType.SourceDescription)
        {
            return false;
        }

        var body = packet.Body;
        var position = 0;
        for (var i = 0; i < packet.Count; i++)
        {
            if (!TryMeasureChunk(body, position, out var chunkLength, out _))
            {
                return false;
            }

            position += chunkLength;
        }

        description = new RtcpSourceDescription(body, packet.Count);
        return true;
    }

    public int ChunkCount => _chunkCount;

    public RtcpSdesChunkEnumerator Chunks => new(_body, _chunkCount);

    /// <summary>Writes an SDES with one chunk carrying CNAME (what WebRTC sends); returns the bytes written.</summary>
    public static int WriteCanonicalName(Span<byte> destination, uint ssrc, ReadOnlySpan<char> cname)
    {
        var cnameLength = Encoding.UTF8.GetByteCount(cname);
        if (cnameLength is 0 or > 255)
        {
            throw new ArgumentException("A CNAME is 1–255 bytes of UTF-8.", nameof(cname));
        }

        // SSRC, item header, text, then 1–4 null octets that both end the item list and pad to 32 bits.
        var chunkLength = (4 + 2 + cnameLength + 4) & ~3;
        var length = RtcpPacket.HeaderLength + chunkLength;
        RtcpWire.EnsureCapacity(destination, length);
        RtcpWire.WriteHeader(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = (byte)RtcpSdesItemType.CanonicalName;
        destination[9] = (byte)cnameLength;
        Encoding.UTF8.GetBytes(cname, destination[10..]);
        destination[(10 + cnameLength)..length].Clear();
        return length;
    }

    /// <summary>
    /// Measures the chunk at <paramref name="start"/>: its length including the null terminator and
    /// padding to 32 bits, and the length of its item list. False when the chunk is malformed.
    /// </summary>
    internal static bool TryMeasureChunk(ReadOnlySpan<byte> body, int start, out int chunkLength, out int itemsLength)
    {
        chunkLength = 0;
        itemsLength = 0;
        var position = start + 4;
        if (position > body.Length)
        {
            return false;
        }

        while (true)
        {
            if (position >= body.Length)
            {
                return false;
            }

            if (body[position] == (byte)RtcpSdesItemType.End)
            {
                break;
            }

            if (position + 2 > body.Length || position + 2 + body[position + 1] > body.Length)
            {
                return false;
            }

            position += 2 + body[position + 1];
        }

        itemsLength = position - start - 4;
        var end = (position + 4) & ~3; // the null octet(s) up to the next 32-bit boundary
        if (end > body.Length)
        {
            return false;
        }

        chunkLength = end - start;
        return true;
    }
}
