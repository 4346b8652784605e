namespace Parley.Rtp.Rtcp;

/// <summary>
/// Iterates the packets of a compound RTCP datagram (RFC 3550 §6.1). Stops at the end or at the first
/// malformed packet; <see cref="RtcpCompound.TryValidate"/> tells the two apart up front.
/// </summary>
public ref struct RtcpCompoundEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private RtcpPacket _current;

    internal RtcpCompoundEnumerator(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        _current = default;
    }

    public readonly RtcpPacket Current => _current;

    public readonly RtcpCompoundEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_position >= _data.Length || !RtcpPacket.TryParse(_data[_position..], out _current))
        {
            _position = _data.Length;
            return false;
        }

        _position += _current.Length;
        return true;
    }
}
