namespace Parley.Rtp.Codecs;

/// <summary>
/// The picture id field that VP8 (RFC 7741 §4.2) and VP9 (RFC 9628 §4.2) descriptors share: one byte with a
/// 7-bit value, or two bytes with the M bit set and a 15-bit value. One writer, so both codecs rewrite it alike.
/// </summary>
internal static class PictureIdField
{
    /// <summary>Writes <paramref name="value"/> modulo 2^<paramref name="bits"/> at <paramref name="offset"/>, keeping the field's width.</summary>
    public static void Write(Span<byte> payload, int offset, int bits, int value)
    {
        if (bits == 15)
        {
            payload[offset] = (byte)(0x80 | ((value >> 8) & 0x7F));
            payload[offset + 1] = (byte)value;
        }
        else
        {
            payload[offset] = (byte)(value & 0x7F);
        }
    }
}
