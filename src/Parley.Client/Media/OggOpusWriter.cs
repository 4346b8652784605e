using System.Buffers.Binary;

namespace Parley.Client.Media;

/// <summary>Writes an Ogg Opus file (RFC 7845), one audio packet per page; used to record audio and make test files.</summary>
public sealed class OggOpusWriter
{
    private readonly Stream _stream;
    private readonly uint _serial;
    private uint _sequence;
    private long _granule;

    public OggOpusWriter(Stream stream, byte channels, uint inputSampleRate, uint serial = 0x50415231)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (channels is 0 or > 2)
        {
            throw new ArgumentException("Only mono and stereo are supported.", nameof(channels));
        }

        _stream = stream;
        _serial = serial;

        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;
        head[9] = channels;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), 312);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), inputSampleRate);
        WritePage(head, OggPage.BeginningOfStream, granule: 0);

        var tags = new byte[8 + 4 + 6 + 4];
        "OpusTags"u8.CopyTo(tags);
        BinaryPrimitives.WriteUInt32LittleEndian(tags.AsSpan(8), 6);
        "Parley"u8.CopyTo(tags.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(tags.AsSpan(18), 0);
        WritePage(tags, 0, granule: 0);
    }

    /// <summary>Appends one Opus packet; the granule position advances by the packet's duration at 48 kHz.</summary>
    public void WritePacket(ReadOnlySpan<byte> opusPacket, bool endOfStream = false)
    {
        int samples = OpusPacketInfo.GetSampleCount(opusPacket);
        _granule += samples;
        WritePage(opusPacket, endOfStream ? OggPage.EndOfStream : (byte)0, _granule);
    }

    private void WritePage(ReadOnlySpan<byte> packet, byte flags, long granule)
    {
        int segments = (packet.Length / 255) + 1;
        if (segments > 255)
        {
            throw new ArgumentException("A packet this large needs more than one page, which this writer does not do.", nameof(packet));
        }

        var page = new byte[OggPage.HeaderLength + segments + packet.Length];
        "OggS"u8.CopyTo(page);
        page[4] = 0;
        page[5] = flags;
        BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), granule);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(14), _serial);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(18), _sequence++);
        page[26] = (byte)segments;
        for (int i = 0; i < segments - 1; i++)
        {
            page[OggPage.HeaderLength + i] = 255;
        }

        page[OggPage.HeaderLength + segments - 1] = (byte)(packet.Length % 255);
        packet.CopyTo(page.AsSpan(OggPage.HeaderLength + segments));
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(OggPage.CrcOffset), OggCrc.Compute(page));
        _stream.Write(page);
    }
}
