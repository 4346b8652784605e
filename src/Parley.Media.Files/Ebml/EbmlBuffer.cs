using System.Buffers.Binary;
using System.Text;

namespace Parley.Media.Files.Ebml;

/// <summary>
/// Builds EBML elements in memory (RFC 8794): ids, variable-size integers, and master elements whose 8-byte size is
/// filled in when they end. Used for the small parts of a file (header, info, tracks, cues) and for each block's
/// header; the writer copies <see cref="WrittenSpan"/> to its stream. Not thread-safe.
/// </summary>
internal sealed class EbmlBuffer
{
    /// <summary>The 8-byte "unknown size" (RFC 8794 §6.2): the element runs until its parent ends.</summary>
    public const ulong UnknownSize8 = 0x01FF_FFFF_FFFF_FFFF;

    private byte[] _buffer;
    private int _length;

    public EbmlBuffer(int capacity = 256) => _buffer = new byte[capacity];

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    /// <summary>An element id: 1–4 bytes, the length marker is part of the value.</summary>
    public void WriteId(uint id)
    {
        var length = IdLength(id);
        var span = Grow(length);
        for (var i = 0; i < length; i++)
        {
            span[i] = (byte)(id >> (8 * (length - 1 - i)));
        }
    }

    /// <summary>A data size as the shortest variable-size integer (RFC 8794 §4), or exactly <paramref name="width"/> bytes.</summary>
    public void WriteSize(ulong size, int width = 0)
    {
        var length = width == 0 ? SizeLength(size) : width;
        WriteVint(Grow(length), size, length);
    }

    public void WriteUnsigned(uint id, ulong value)
    {
        var length = 1;
        while (length < 8 && value >> (8 * length) != 0)
        {
            length++;
        }

        WriteUnsignedFixed(id, value, length);
    }

    /// <summary>An unsigned integer element of a fixed width, so it can be overwritten later in place.</summary>
    public void WriteUnsignedFixed(uint id, ulong value, int width)
    {
        WriteId(id);
        WriteSize((ulong)width);
        var span = Grow(width);
        for (var i = 0; i < width; i++)
        {
            span[i] = (byte)(value >> (8 * (width - 1 - i)));
        }
    }

    public void WriteSigned8(uint id, long value)
    {
        WriteId(id);
        WriteSize(8);
        BinaryPrimitives.WriteInt64BigEndian(Grow(8), value);
    }

    public void WriteFloat(uint id, double value)
    {
        WriteId(id);
        WriteSize(8);
        BinaryPrimitives.WriteDoubleBigEndian(Grow(8), value);
    }

    public void WriteString(uint id, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteBinary(id, bytes);
    }

    public void WriteBinary(uint id, ReadOnlySpan<byte> value)
    {
        WriteId(id);
        WriteSize((ulong)value.Length);
        value.CopyTo(Grow(value.Length));
    }

    /// <summary>A Void element (RFC 8794 §11.3.1) filling exactly <paramref name="totalLength"/> bytes (at least 2).</summary>
    public void WriteVoid(int totalLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalLength, 2);
        // One size byte covers up to 126 bytes of data; past that an 8-byte size keeps the arithmetic simple.
        var sizeWidth = totalLength - 2 <= 126 ? 1 : 8;
        var dataLength = totalLength - 1 - sizeWidth;
        WriteId(EbmlIds.Void);
        WriteSize((ulong)dataLength, sizeWidth);
        Grow(dataLength).Clear();
    }

    /// <summary>Starts a master element with an 8-byte size to be set by <see cref="EndMaster"/>; returns where the size is.</summary>
    public int StartMaster(uint id)
    {
        WriteId(id);
        var sizeAt = _length;
        WriteSize(UnknownSize8, 8);
        return sizeAt;
    }

    public void EndMaster(int sizeAt) => WriteVint(_buffer.AsSpan(sizeAt, 8), (ulong)(_length - sizeAt - 8), 8);

    /// <summary>Raw bytes (a block's payload header).</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Grow(bytes.Length));

    public static int IdLength(uint id) => id switch
    {
        <= 0xFF => 1,
        <= 0xFFFF => 2,
        <= 0xFF_FFFF => 3,
        _ => 4,
    };

    /// <summary>The shortest variable-size integer for <paramref name="value"/>; all-ones values are reserved for "unknown".</summary>
    public static int SizeLength(ulong value)
    {
        var length = 1;
        while (length < 8 && value >= (1UL << (7 * length)) - 1)
        {
            length++;
        }

        return length;
    }

    /// <summary>Writes <paramref name="value"/> as a <paramref name="length"/>-byte variable-size integer.</summary>
    public static void WriteVint(Span<byte> destination, ulong value, int length)
    {
        var marked = value | (1UL << (7 * length));
        for (var i = 0; i < length; i++)
        {
            destination[i] = (byte)(marked >> (8 * (length - 1 - i)));
        }
    }

    private Span<byte> Grow(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
