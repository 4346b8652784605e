using System.Buffers.Binary;

namespace Parley.Rtp.Rtcp;

/// <summary>Walks the chunks of an SDES packet whose layout <see cref="RtcpSourceDescription.TryParse"/> validated.</summary>
public ref struct RtcpSdesChunkEnumerator
{
    private readonly ReadOnlySpan<byte> _body;
    private int _remaining;
    private int _position;
    private RtcpSdesChunk _current;

    internal RtcpSdesChunkEnumerator(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        _remaining = chunkCount;
        _position = 0;
        _current = default;
    }

    public readonly RtcpSdesChunk Current => _current;

    public readonly RtcpSdesChunkEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_remaining == 0 || !RtcpSourceDescription.TryMeasureChunk(_body, _position, out var chunkLength, out var itemsLength))
        {
            return false;
        }

        _current = new RtcpSdesChunk(BinaryPrimitives.ReadUInt32BigEndian(_body[_position..]), _body.Slice(_position + 4, itemsLength));
        _position += chunkLength;
        _remaining--;
        return true;
    }
}
