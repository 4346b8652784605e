using System.Buffers.Binary;

namespace Parley.Rtp.Rtcp;

/// <summary>Header writing and buffer checks shared by the RTCP writers.</summary>
internal static class RtcpWire
{
    /// <summary>Throws the <see cref="ArgumentException"/> every writer documents for a too-small buffer.</summary>
    public static void EnsureCapacity(Span<byte> destination, int needed)
    {
        if (destination.Length < needed)
        {
            throw new ArgumentException($"The destination needs {needed} bytes, it has {destination.Length}.", nameof(destination));
        }
    }

    /// <summary>Writes the common header; <paramref name="totalLength"/> is the packet's byte length, a multiple of 4.</summary>
    public static void WriteHeader(Span<byte> destination, int count, RtcpPacketType type, int totalLength, bool padding = false)
    {
        destination[0] = (byte)(0x80 | (padding ? 0x20 : 0) | (count & 0x1F));
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((totalLength / 4) - 1));
    }

    /// <summary>Writes the header plus the sender/media SSRC pair every RFC 4585 feedback message starts with.</summary>
    public static void WriteFeedbackHeader(Span<byte> destination, int format, RtcpPacketType type, int totalLength, uint senderSsrc, uint mediaSsrc)
    {
        WriteHeader(destination, format, type, totalLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
    }

    public static uint ReadUInt32(ReadOnlySpan<byte> source, int offset) => BinaryPrimitives.ReadUInt32BigEndian(source[offset..]);
}
