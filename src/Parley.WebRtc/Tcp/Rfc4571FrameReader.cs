using System.Buffers.Binary;

namespace Parley.WebRtc.Tcp;

/// <summary>
/// Splits a TCP byte stream into the packets it carries, framed as RFC 4571 §2 says (ICE-TCP, RFC 6544 §3): each
/// packet is preceded by its length as a 16-bit big-endian number. Frames may arrive split over several reads or
/// several in one read; a frame longer than <see cref="MaxFrameLength"/> is skipped (its bytes are read and thrown
/// away, so the stream stays in step) and counted in <see cref="OversizedFrames"/>. Never throws on input.
/// <para>
/// Buffer ownership: the reader owns one buffer, allocated once. The socket receives into <see cref="GetReceiveMemory"/>
/// (then <see cref="Advance"/>); <see cref="TryReadFrame"/> hands out spans of that same buffer, valid until the next
/// <see cref="GetReceiveMemory"/> call (which may move unread bytes to its start). A frame may be changed in place
/// (SRTP is decrypted there). One thread at a time.
/// </para>
/// </summary>
internal sealed class Rfc4571FrameReader
{
    /// <summary>The length prefix: 2 bytes, network order (RFC 4571 §2).</summary>
    public const int HeaderLength = 2;

    private readonly byte[] _buffer;
    private int _start;
    private int _end;

    // Bytes of an oversized frame still to come and be discarded.
    private int _skipRemaining;

    /// <param name="maxFrameLength">Longest packet accepted (1–65535); longer frames are skipped and counted.</param>
    public Rfc4571FrameReader(int maxFrameLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFrameLength, ushort.MaxValue);
        MaxFrameLength = maxFrameLength;

        // Room for two largest frames: a read usually ends mid-frame, and the next one should not need a compaction
        // before it can take a whole frame more.
        _buffer = new byte[2 * (HeaderLength + maxFrameLength)];
    }

    public int MaxFrameLength { get; }

    /// <summary>Frames longer than <see cref="MaxFrameLength"/> seen so far (skipped).</summary>
    public long OversizedFrames { get; private set; }

    /// <summary>Bytes received but not yet handed out as frames (a partial frame waiting for the rest).</summary>
    public int BufferedBytes => _end - _start;

    /// <summary>Where the next socket read should write. Invalidates the spans <see cref="TryReadFrame"/> handed out.</summary>
    public Memory<byte> GetReceiveMemory()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_buffer.Length - _end < HeaderLength + MaxFrameLength)
        {
            // Move the partial frame to the front so the rest of it (and more) fits behind it.
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary><paramref name="count"/> bytes were written into the memory <see cref="GetReceiveMemory"/> returned.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>
    /// The next complete frame's payload (possibly empty: a zero-length frame is legal framing), or false when the
    /// buffered bytes do not hold one yet. The span stays valid until the next <see cref="GetReceiveMemory"/>.
    /// </summary>
    public bool TryReadFrame(out Span<byte> frame)
    {
        while (true)
        {
            if (_skipRemaining > 0)
            {
                int skipped = Math.Min(_skipRemaining, _end - _start);
                _start += skipped;
                _skipRemaining -= skipped;
                if (_skipRemaining > 0)
                {
                    frame = default;
                    return false;
                }
            }

            int available = _end - _start;
            if (available < HeaderLength)
            {
                frame = default;
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start, HeaderLength));
            if (length > MaxFrameLength)
            {
                OversizedFrames++;
                _start += HeaderLength;
                _skipRemaining = length;
                continue;
            }

            if (available < HeaderLength + length)
            {
                frame = default;
                return false;
            }

            frame = _buffer.AsSpan(_start + HeaderLength, length);
            _start += HeaderLength + length;
            return true;
        }
    }

    /// <summary>Writes <paramref name="packet"/> framed (length prefix + bytes) into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The packet is longer than 65535 bytes or <paramref name="destination"/> is too small.</exception>
    public static int WriteFrame(ReadOnlySpan<byte> packet, Span<byte> destination)
    {
        if (packet.Length > ushort.MaxValue)
        {
            throw new ArgumentException("An RFC 4571 frame carries at most 65535 bytes.", nameof(packet));
        }

        if (destination.Length < HeaderLength + packet.Length)
        {
            throw new ArgumentException("The destination is too small for the frame.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)packet.Length);
        packet.CopyTo(destination[HeaderLength..]);
        return HeaderLength + packet.Length;
    }
}
