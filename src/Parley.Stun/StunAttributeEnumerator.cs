using System.Buffers.Binary;

namespace Parley.Stun;

/// <summary>
/// Walks the attributes of a message that <see cref="StunMessage.TryParse"/> already validated, so the
/// walk itself cannot run off the end. Usable in <c>foreach</c>; allocates nothing.
/// </summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _message;
    private int _next;
    private StunAttribute _current;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> message)
    {
        _message = message;
        _next = StunWire.HeaderLength;
        _current = default;
    }

    public readonly StunAttribute Current => _current;

    public readonly StunAttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_next + StunWire.AttributeHeaderLength > _message.Length)
        {
            return false;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(_message[_next..]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(_message[(_next + 2)..]);
        _current = new StunAttribute(type, _message.Slice(_next + StunWire.AttributeHeaderLength, length), _next);
        _next += StunWire.AttributeHeaderLength + StunWire.Padded(length);
        return true;
    }
}
