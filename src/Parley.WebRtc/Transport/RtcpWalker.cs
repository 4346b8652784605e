using System.Buffers.Binary;

namespace Parley.WebRtc.Transport;

/// <summary>Steps through the packets of an RTCP compound packet without allocating; never throws on wire input.</summary>
internal static class RtcpWalker
{
    // https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1 — common header: V=2 | P | count | PT | length in
    // 32-bit words minus one.
    public static bool TryNext(ReadOnlySpan<byte> compound, ref int offset, out int type, out ReadOnlySpan<byte> packet)
    {
        type = 0;
        packet = default;
        if (offset + 4 > compound.Length || (compound[offset] >> 6) != 2)
        {
            return false;
        }

        int length = (BinaryPrimitives.ReadUInt16BigEndian(compound[(offset + 2)..]) + 1) * 4;
        if (offset + length > compound.Length)
        {
            return false;
        }

        type = compound[offset + 1];
        packet = compound.Slice(offset, length);
        offset += length;
        return true;
    }
}
