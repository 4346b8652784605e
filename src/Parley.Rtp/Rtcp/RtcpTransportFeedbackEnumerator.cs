using System.Buffers.Binary;

namespace Parley.Rtp.Rtcp;

/// <summary>
/// Walks the packets of a transport-wide CC feedback whose chunks and deltas <see cref="RtcpTransportFeedback.TryParse"/>
/// already validated: yields one <see cref="TransportFeedbackPacket"/> per reported sequence number.
/// </summary>
public ref struct RtcpTransportFeedbackEnumerator
{
    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;
    private readonly ushort _baseSequenceNumber;
    private readonly int _packetCount;
    private int _packetIndex;
    private int _chunkOffset;
    private int _indexInChunk;
    private int _deltaOffset;
    private TransportFeedbackPacket _current;

    internal RtcpTransportFeedbackEnumerator(ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas, ushort baseSequenceNumber, int packetCount)
    {
        _chunks = chunks;
        _deltas = deltas;
        _baseSequenceNumber = baseSequenceNumber;
        _packetCount = packetCount;
        _packetIndex = 0;
        _chunkOffset = 0;
        _indexInChunk = 0;
        _deltaOffset = 0;
        _current = default;
    }

    public readonly TransportFeedbackPacket Current => _current;

    public readonly RtcpTransportFeedbackEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_packetIndex >= _packetCount)
        {
            return false;
        }

        ushort chunk;
        while (true)
        {
            chunk = BinaryPrimitives.ReadUInt16BigEndian(_chunks[_chunkOffset..]);
            if (_indexInChunk < TransportFeedbackChunk.Capacity(chunk))
            {
                break;
            }

            _chunkOffset += 2;
            _indexInChunk = 0;
        }

        var symbol = TransportFeedbackChunk.Symbol(chunk, _indexInChunk++);
        var delta = symbol switch
        {
            1 => _deltas[_deltaOffset],
            2 => BinaryPrimitives.ReadInt16BigEndian(_deltas[_deltaOffset..]),
            _ => 0,
        };
        _deltaOffset += TransportFeedbackChunk.DeltaSize(symbol);
        _current = new TransportFeedbackPacket((ushort)(_baseSequenceNumber + _packetIndex), (TransportFeedbackStatus)symbol, delta);
        _packetIndex++;
        return true;
    }
}
