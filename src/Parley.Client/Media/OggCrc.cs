namespace Parley.Client.Media;

/// <summary>The CRC-32 of Ogg pages: polynomial 0x04C11DB7, MSB first, initial value 0, no final XOR.</summary>
internal static class OggCrc
{
    // https://www.rfc-editor.org/rfc/rfc3533#section-6 (CRC field) — computed with the CRC field zeroed.
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data, uint crc = 0)
    {
        foreach (byte b in data)
        {
            crc = (crc << 8) ^ Table[(byte)(crc >> 24) ^ b];
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint r = i << 24;
            for (int bit = 0; bit < 8; bit++)
            {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }

            table[i] = r;
        }

        return table;
    }
}
