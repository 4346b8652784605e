using Parley.Client.Media;

namespace Parley.Client.Tests.Media;

/// <summary>Clips for the recording tests: VP8 "frames" whose key frames carry a real key-frame header (the recorder reads the picture size from it).</summary>
internal static class RecordingClips
{
    /// <summary>An IVF file of <paramref name="count"/> frames at 30 fps, a key frame every <paramref name="keyEvery"/>, each frame's bytes distinct.</summary>
    public static byte[] Vp8Ivf(int count, int keyEvery, int width = 320, int height = 240)
    {
        var stream = new MemoryStream();
        var writer = new IvfWriter(stream, "VP80", (ushort)width, (ushort)height, 30, 1, (uint)count);
        for (var i = 0; i < count; i++)
        {
            writer.WriteFrame((ulong)i, Frame(i, keyEvery, width, height));
        }

        return stream.ToArray();
    }

    /// <summary>Frame <paramref name="index"/> of <see cref="Vp8Ivf"/>.</summary>
    public static byte[] Frame(int index, int keyEvery, int width = 320, int height = 240)
    {
        var key = index % keyEvery == 0;
        var frame = new byte[key ? 1500 : 400 + (index % 7 * 50)];
        for (var i = 0; i < frame.Length; i++)
        {
            frame[i] = (byte)(index * 31 + i);
        }

        // RFC 6386 §9.1: frame tag (bit 0 clear for a key frame), then for key frames 9D 01 2A and the 14-bit size.
        frame[0] = key ? (byte)0x10 : (byte)0x11;
        if (key)
        {
            frame[3] = 0x9D;
            frame[4] = 0x01;
            frame[5] = 0x2A;
            frame[6] = (byte)width;
            frame[7] = (byte)(width >> 8);
            frame[8] = (byte)height;
            frame[9] = (byte)(height >> 8);
        }

        return frame;
    }
}
