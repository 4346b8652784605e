using System.Buffers.Binary;

namespace Parley.Rtp.Rtcp;

/// <summary>
/// Expands NACK entries into the lost sequence numbers they name: each PID, then PID+i+1 for every bit i
/// set in its BLP (RFC 4585 §6.2.1). Allocation-free; usable with foreach.
/// </summary>
public ref struct RtcpNackLostEnumerator
{
    private readonly ReadOnlySpan<byte> _entries;
    private int _entry;
    private int _bit; // -1 = the PID itself, 0..15 = BLP bits
    private ushort _current;

    internal RtcpNackLostEnumerator(ReadOnlySpan<byte> entries)
    {
        _entries = entries;
        _entry = 0;
        _bit = -1;
        _current = 0;
    }

    public readonly ushort Current => _current;

    public readonly RtcpNackLostEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_entry * 4 < _entries.Length)
        {
            var pid = BinaryPrimitives.ReadUInt16BigEndian(_entries[(_entry * 4)..]);
            var blp = BinaryPrimitives.ReadUInt16BigEndian(_entries[((_entry * 4) + 2)..]);
            if (_bit == -1)
            {
                _bit = 0;
                _current = pid;
                return true;
            }

            while (_bit < 16)
            {
                var bit = _bit++;
                if ((blp & (1 << bit)) != 0)
                {
                    _current = (ushort)(pid + bit + 1);
                    return true;
                }
            }

            _entry++;
            _bit = -1;
        }

        return false;
    }
}
