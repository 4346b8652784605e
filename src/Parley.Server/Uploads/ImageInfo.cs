using System.Buffers.Binary;

namespace Parley.Server.Uploads;

/// <summary>
/// Width, height and format of an image from its first bytes, for the <c>ImageInfoArray</c> of a <c>TIMImageElem</c>
/// (product-rules §6). Reads headers only (PNG IHDR, GIF logical screen, JPEG SOFn, WebP VP8/VP8L/VP8X); never throws.
/// </summary>
public readonly record struct ImageInfo(string Format, int Width, int Height)
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The image in <paramref name="head"/> (the file's first bytes; 64 KiB is plenty for JPEG's markers), or null.</summary>
    public static ImageInfo? TryRead(ReadOnlySpan<byte> head)
    {
        // PNG: signature, then the IHDR chunk (https://www.w3.org/TR/png-3/#11IHDR).
        if (head.Length >= 24 && head[..8].SequenceEqual(PngSignature) && head.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return new ImageInfo("png", (int)BinaryPrimitives.ReadUInt32BigEndian(head[16..]), (int)BinaryPrimitives.ReadUInt32BigEndian(head[20..]));
        }

        // GIF87a/89a: logical screen width and height, little endian.
        if (head.Length >= 10 && (head[..6].SequenceEqual("GIF87a"u8) || head[..6].SequenceEqual("GIF89a"u8)))
        {
            return new ImageInfo("gif", BinaryPrimitives.ReadUInt16LittleEndian(head[6..]), BinaryPrimitives.ReadUInt16LittleEndian(head[8..]));
        }

        if (head.Length >= 4 && head[0] == 0xFF && head[1] == 0xD8)
        {
            return ReadJpeg(head);
        }

        // WebP: RIFF....WEBP then one of three chunk kinds (RFC 9649).
        if (head.Length >= 30 && head[..4].SequenceEqual("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            var chunk = head.Slice(12, 4);
            if (chunk.SequenceEqual("VP8X"u8))
            {
                return new ImageInfo("webp", 1 + (head[24] | head[25] << 8 | head[26] << 16), 1 + (head[27] | head[28] << 8 | head[29] << 16));
            }

            if (chunk.SequenceEqual("VP8L"u8) && head[20] == 0x2F)
            {
                var bits = BinaryPrimitives.ReadUInt32LittleEndian(head[21..]);
                return new ImageInfo("webp", (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
            }

            if (chunk.SequenceEqual("VP8 "u8) && head[23] == 0x9D && head[24] == 0x01 && head[25] == 0x2A)
            {
                return new ImageInfo("webp", BinaryPrimitives.ReadUInt16LittleEndian(head[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(head[28..]) & 0x3FFF);
            }
        }

        return null;
    }

    /// <summary>Walks the JPEG markers to the first start-of-frame (ITU T.81 B.2.2).</summary>
    private static ImageInfo? ReadJpeg(ReadOnlySpan<byte> head)
    {
        var at = 2;
        while (at + 9 < head.Length)
        {
            if (head[at] != 0xFF)
            {
                return null;
            }

            var marker = head[at + 1];
            if (marker == 0xFF)
            {
                at++;
                continue; // fill byte
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(head[(at + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC))
            {
                return new ImageInfo("jpg", BinaryPrimitives.ReadUInt16BigEndian(head[(at + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(head[(at + 5)..]));
            }

            if (length < 2)
            {
                return null;
            }

            at += 2 + length;
        }

        return null;
    }
}
