using System.Buffers.Binary;

namespace Parley.Stun;

/// <summary>
/// The XOR obfuscation of XOR-MAPPED-ADDRESS (RFC 8489 §14.2): port XOR the cookie's top 16 bits, an IPv4
/// address XOR the cookie, an IPv6 address XOR cookie‖transaction id (which are bytes 4..20 of the header).
/// </summary>
internal static class StunXorAddress
{
    public const byte FamilyIPv4 = 0x01;
    public const byte FamilyIPv6 = 0x02;

    /// <summary>Decodes a value already checked to be 8 or 20 bytes; returns the port.</summary>
    public static int Decode(ReadOnlySpan<byte> value, ReadOnlySpan<byte> header, Span<byte> address)
    {
        var port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (int)(StunWire.MagicCookie >> 16);
        var xored = value[4..];
        for (var i = 0; i < xored.Length; i++)
        {
            address[i] = (byte)(xored[i] ^ header[4 + i]);
        }

        return port;
    }

    /// <summary>Encodes into <paramref name="value"/> (8 or 20 bytes); <paramref name="header"/> holds cookie and id.</summary>
    public static void Encode(ReadOnlySpan<byte> address, int port, ReadOnlySpan<byte> header, Span<byte> value)
    {
        value[0] = 0;
        value[1] = address.Length == 4 ? FamilyIPv4 : FamilyIPv6;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(port ^ (int)(StunWire.MagicCookie >> 16)));
        for (var i = 0; i < address.Length; i++)
        {
            value[4 + i] = (byte)(address[i] ^ header[4 + i]);
        }
    }
}
