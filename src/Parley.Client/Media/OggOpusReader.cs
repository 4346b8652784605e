using System.Buffers.Binary;

namespace Parley.Client.Media;

/// <summary>
/// Reads Opus packets from an Ogg Opus file (RFC 7845): checks each page's CRC, reassembles laced packets,
/// validates the OpusHead identification header and skips the OpusTags comment header.
/// </summary>
public sealed class OggOpusReader : IDisposable
{
    // https://www.rfc-editor.org/rfc/rfc3533#section-6 — page: "OggS", version, flags, granule (i64), serial,
    // sequence, CRC, segment count, lacing values; a lacing value of 255 means the packet continues.
    // https://www.rfc-editor.org/rfc/rfc7845#section-5 — first packet OpusHead, second OpusTags, then audio.
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly Queue<byte[]> _ready = new();
    private readonly MemoryStream _partial = new();

    private OggOpusReader(Stream stream, bool leaveOpen)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    public byte ChannelCount { get; private set; }

    public ushort PreSkip { get; private set; }

    public uint InputSampleRate { get; private set; }

    /// <summary>Number of pages dropped because their CRC did not match.</summary>
    public int CorruptPages { get; private set; }

    /// <summary>Opens the stream and reads the two Opus headers; throws <see cref="InvalidDataException"/> if not Ogg Opus.</summary>
    public static OggOpusReader Open(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new OggOpusReader(stream, leaveOpen);
        if (!reader.TryReadRawPacket(out var head) || !TryParseOpusHead(head, reader))
        {
            throw new InvalidDataException("The stream does not begin with an Ogg OpusHead packet.");
        }

        if (!reader.TryReadRawPacket(out var tags) || tags.Length < 8 || !tags.AsSpan(0, 8).SequenceEqual("OpusTags"u8))
        {
            throw new InvalidDataException("The OpusHead packet is not followed by OpusTags.");
        }

        return reader;
    }

    /// <summary>Reads the next Opus audio packet; false at end of stream.</summary>
    public bool TryReadPacket(out ReadOnlyMemory<byte> packet)
    {
        if (TryReadRawPacket(out var raw))
        {
            packet = raw;
            return true;
        }

        packet = default;
        return false;
    }

    /// <summary>Reads all remaining audio packets.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> ReadAllPackets()
    {
        var packets = new List<ReadOnlyMemory<byte>>();
        while (TryReadPacket(out var packet))
        {
            packets.Add(packet);
        }

        return packets;
    }

    public void Dispose()
    {
        _partial.Dispose();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private static bool TryParseOpusHead(byte[] head, OggOpusReader reader)
    {
        // https://www.rfc-editor.org/rfc/rfc7845#section-5.1 — "OpusHead", version 1, channels, pre-skip, rate.
        if (head.Length < 19 || !head.AsSpan(0, 8).SequenceEqual("OpusHead"u8) || (head[8] & 0xF0) != 0 || head[9] == 0)
        {
            return false;
        }

        reader.ChannelCount = head[9];
        reader.PreSkip = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(10));
        reader.InputSampleRate = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(12));
        return true;
    }

    private bool TryReadRawPacket(out byte[] packet)
    {
        while (_ready.Count == 0)
        {
            if (!TryReadPage())
            {
                packet = [];
                return false;
            }
        }

        packet = _ready.Dequeue();
        return true;
    }

    private bool TryReadPage()
    {
        Span<byte> header = stackalloc byte[OggPage.HeaderLength];
        while (true)
        {
            if (_stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            {
                return false;
            }

            if (!header[..4].SequenceEqual("OggS"u8) || header[4] != 0)
            {
                return false;
            }

            int segmentCount = header[26];
            Span<byte> lacing = stackalloc byte[segmentCount];
            if (_stream.ReadAtLeast(lacing, segmentCount, throwOnEndOfStream: false) < segmentCount)
            {
                return false;
            }

            int bodyLength = 0;
            foreach (byte value in lacing)
            {
                bodyLength += value;
            }

            var body = new byte[bodyLength];
            if (_stream.ReadAtLeast(body, bodyLength, throwOnEndOfStream: false) < bodyLength)
            {
                return false;
            }

            uint expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[OggPage.CrcOffset..]);
            BinaryPrimitives.WriteUInt32LittleEndian(header[OggPage.CrcOffset..], 0);
            uint actualCrc = OggCrc.Compute(body, OggCrc.Compute(lacing, OggCrc.Compute(header)));
            if (actualCrc != expectedCrc)
            {
                // A damaged page loses its packets; a packet spanning into it is lost too.
                CorruptPages++;
                _partial.SetLength(0);
                continue;
            }

            if ((header[5] & OggPage.ContinuedPacket) == 0)
            {
                _partial.SetLength(0);
            }

            int offset = 0;
            foreach (byte value in lacing)
            {
                _partial.Write(body, offset, value);
                offset += value;
                if (value < 255)
                {
                    _ready.Enqueue(_partial.ToArray());
                    _partial.SetLength(0);
                }
            }

            return true;
        }
    }
}
