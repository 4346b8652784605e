using System.Buffers.Binary;

namespace Parley.Media.Files.Codecs;

/// <summary>Reads the uncompressed header of a VP8 key frame (RFC 6386 §9.1).</summary>
public static class Vp8KeyFrame
{
    /// <summary>
    /// True with the picture size when <paramref name="frame"/> (a whole VP8 frame, no RTP descriptor) is a key frame
    /// with the start code 9D 01 2A and a non-zero size; never throws.
    /// </summary>
    public static bool TryGetSize(ReadOnlySpan<byte> frame, out int width, out int height)
    {
        width = 0;
        height = 0;
        // 3-byte frame tag (bit 0 is 0 for a key frame), start code, then 14-bit width and height with 2-bit scaling.
        if (frame.Length < 10 || (frame[0] & 0x01) != 0 || frame[3] != 0x9D || frame[4] != 0x01 || frame[5] != 0x2A)
        {
            return false;
        }

        width = BinaryPrimitives.ReadUInt16LittleEndian(frame[6..]) & 0x3FFF;
        height = BinaryPrimitives.ReadUInt16LittleEndian(frame[8..]) & 0x3FFF;
        return width > 0 && height > 0;
    }

    /// <summary>Bit 0 of the frame tag: 0 for a key frame.</summary>
    public static bool IsKeyFrame(ReadOnlySpan<byte> frame) => !frame.IsEmpty && (frame[0] & 0x01) == 0;
}
