namespace Parley.Rtp;

// https://www.rfc-editor.org/rfc/rfc8285#section-4.2 (one-byte) and #section-4.3 (two-byte)
/// <summary>
/// Walks the elements of an RFC 8285 extension block. Zero bytes between elements are padding. The walk
/// ends at the end of the block, at a one-byte id 15 (which means "stop processing"), or at an element that
/// would overrun the block (a malformed tail is ignored, as the RFC asks receivers to). Works on any
/// <see cref="Span{T}"/> of extension data, so it can also be used without <see cref="RtpPacket"/>.
/// </summary>
public ref struct RtpHeaderExtensionEnumerator
{
    private readonly Span<byte> _data;
    private readonly RtpHeaderExtensionForm _form;
    private readonly bool _recognized;
    private int _position;
    private RtpHeaderExtension _current;

    public RtpHeaderExtensionEnumerator(ushort profile, Span<byte> data)
    {
        _data = data;
        _recognized = RtpPacket.TryGetExtensionForm(profile, out _form);
        _position = 0;
        _current = default;
    }

    public readonly RtpHeaderExtension Current => _current;

    public readonly RtpHeaderExtensionEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (!_recognized)
        {
            return false;
        }

        while (_position < _data.Length && _data[_position] == 0)
        {
            _position++;
        }

        if (_position >= _data.Length)
        {
            return false;
        }

        byte id;
        int length;
        int dataStart;
        if (_form == RtpHeaderExtensionForm.OneByte)
        {
            id = (byte)(_data[_position] >> 4);
            length = (_data[_position] & 0x0F) + 1;
            dataStart = _position + 1;
            if (id == 15)
            {
                _position = _data.Length;
                return false;
            }
        }
        else
        {
            if (_position + 2 > _data.Length)
            {
                _position = _data.Length;
                return false;
            }

            id = _data[_position];
            length = _data[_position + 1];
            dataStart = _position + 2;
        }

        if (dataStart + length > _data.Length)
        {
            _position = _data.Length;
            return false;
        }

        _current = new RtpHeaderExtension(id, _data.Slice(dataStart, length));
        _position = dataStart + length;
        return true;
    }
}
