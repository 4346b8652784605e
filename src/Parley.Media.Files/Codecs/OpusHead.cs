using System.Buffers.Binary;

namespace Parley.Media.Files.Codecs;

/// <summary>The Opus identification header (RFC 7845 §5.1), WebM's CodecPrivate for A_OPUS and an Ogg stream's first packet.</summary>
public static class OpusHead
{
    /// <summary>3.25 ms at 48 kHz: libopus' encoder lookahead, what encoders write when they do not know better.</summary>
    public const ushort DefaultPreSkip = 312;

    public const int Length = 19;

    /// <summary>Channel mapping family 0 (mono or stereo), no output gain.</summary>
    public static byte[] Create(int channels, ushort preSkip = DefaultPreSkip, uint inputSampleRate = 48_000)
    {
        if (channels is < 1 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Mapping family 0 carries one or two channels.");
        }

        var head = new byte[Length];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1; // version
        head[9] = (byte)channels;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), preSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), inputSampleRate);
        BinaryPrimitives.WriteInt16LittleEndian(head.AsSpan(16), 0); // output gain
        head[18] = 0; // mapping family
        return head;
    }
}
