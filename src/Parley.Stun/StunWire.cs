using System.Buffers.Binary;

namespace Parley.Stun;

/// <summary>Wire constants and bit twiddling shared by the parser and the writer (RFC 8489 §5, §14).</summary>
internal static class StunWire
{
    public const int HeaderLength = 20;
    public const int AttributeHeaderLength = 4;
    public const uint MagicCookie = 0x2112A442;
    public const int TransactionIdOffset = 8;
    public const int TransactionIdLength = 12;
    public const int MessageIntegrityLength = 20;
    public const int FingerprintLength = 4;
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>Attribute values are padded to a 4-byte boundary.</summary>
    public static int Padded(int length) => (length + 3) & ~3;

    // The message type interleaves the class bits C1 (bit 8) and C0 (bit 4) into the 12-bit method:
    // M11..M7 C1 M6..M4 C0 M3..M0 (RFC 8489 §5, figure 3).
    public static ushort EncodeType(ushort method, StunMessageClass messageClass)
    {
        var c = (int)messageClass;
        return (ushort)((method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
            | ((c & 1) << 4) | ((c & 2) << 7));
    }

    public static ushort DecodeMethod(ushort type) =>
        (ushort)((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80));

    public static StunMessageClass DecodeClass(ushort type) =>
        (StunMessageClass)(((type >> 4) & 1) | ((type >> 7) & 2));

    public static uint ReadUInt32(ReadOnlySpan<byte> source, int offset) =>
        BinaryPrimitives.ReadUInt32BigEndian(source.Slice(offset, 4));
}
