using System.Buffers.Binary;

namespace Parley.Dtls.Tests;

/// <summary>Splits an unfragmented ClientHello record into handshake fragments, one record each (RFC 6347 §4.2.3).</summary>
internal static class ClientHelloFragments
{
    public static List<byte[]> Split(byte[] record, int parts, ulong firstSequence = 0)
    {
        var body = record.AsSpan(13 + 12);
        var messageSeq = BinaryPrimitives.ReadUInt16BigEndian(record.AsSpan(13 + 4));
        var records = new List<byte[]>();
        var size = (body.Length + parts - 1) / parts;
        for (var offset = 0; offset < body.Length; offset += size)
        {
            var length = Math.Min(size, body.Length - offset);
            var fragment = new byte[13 + 12 + length];
            record.AsSpan(0, 3).CopyTo(fragment); // content type, version
            BinaryPrimitives.WriteUInt64BigEndian(fragment.AsSpan(3 + 0), firstSequence + (ulong)records.Count); // epoch 0 + 48-bit seq
            fragment[3] = 0;
            fragment[4] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(fragment.AsSpan(11), (ushort)(12 + length));
            fragment[13] = 1;
            WriteUInt24(fragment.AsSpan(14), body.Length);
            BinaryPrimitives.WriteUInt16BigEndian(fragment.AsSpan(17), messageSeq);
            WriteUInt24(fragment.AsSpan(19), offset);
            WriteUInt24(fragment.AsSpan(22), length);
            body.Slice(offset, length).CopyTo(fragment.AsSpan(25));
            records.Add(fragment);
        }

        return records;
    }

    private static void WriteUInt24(Span<byte> destination, int value)
    {
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }
}
