using Parley.Client.Media;

namespace Parley.Client.Tests.Media;

/// <summary>Makes small, valid IVF and Ogg Opus files in memory for the tests.</summary>
internal static class MediaFileFactory
{
    /// <summary>An IVF file of <paramref name="frameSizes"/>-byte VP8 "frames": first a keyframe, then interframes.</summary>
    public static MemoryStream Ivf(params int[] frameSizes)
    {
        var stream = new MemoryStream();
        var writer = new IvfWriter(stream, "VP80", 320, 240, 30, 1, (uint)frameSizes.Length);
        for (int i = 0; i < frameSizes.Length; i++)
        {
            writer.WriteFrame((ulong)i, Frame(i, frameSizes[i]));
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>Frame <paramref name="index"/>: bit 0 of the first byte is 0 for a keyframe (RFC 6386 §9.1).</summary>
    public static byte[] Frame(int index, int size)
    {
        var frame = new byte[size];
        for (int i = 0; i < size; i++)
        {
            frame[i] = (byte)(index + i);
        }

        frame[0] = (byte)(index == 0 ? 0x10 : 0x11);
        return frame;
    }

    /// <summary>An Ogg Opus file of <paramref name="count"/> 20 ms CELT packets (TOC config 31, one frame).</summary>
    public static MemoryStream OggOpus(int count, int packetSize = 80)
    {
        var stream = new MemoryStream();
        var writer = new OggOpusWriter(stream, channels: 2, inputSampleRate: 48000);
        for (int i = 0; i < count; i++)
        {
            writer.WritePacket(OpusPacket(i, packetSize), endOfStream: i == count - 1);
        }

        stream.Position = 0;
        return stream;
    }

    public static byte[] OpusPacket(int index, int size)
    {
        var packet = new byte[size];
        packet[0] = (31 << 3) | 0x04; // CELT fullband 20 ms, stereo, one frame
        for (int i = 1; i < size; i++)
        {
            packet[i] = (byte)(index * 7 + i);
        }

        return packet;
    }
}
