using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Parley.Signaling.Limits;

/// <summary>
/// The partition key of a client address: 128 bits, no allocation. IPv4 (also when it arrived IPv4-mapped) keeps all
/// its 32 bits, placed as <c>::ffff:a.b.c.d</c>; IPv6 is cut to its first <c>prefixLength</c> bits, since one host
/// usually holds a whole /64 and could otherwise spray keys from it. The two kinds never collide: a cut IPv6 key ends
/// in 64 zero bits at the default, an IPv4 key never does.
/// </summary>
internal static class AddressKeys
{
    public static UInt128 From(IPAddress address, int ipv6PrefixLength)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            bytes[10] = 0xff;
            bytes[11] = 0xff;
            address.TryWriteBytes(bytes[12..], out _);
            return BinaryPrimitives.ReadUInt128BigEndian(bytes);
        }

        // An IPv4-mapped address already has the IPv4 layout above: written whole, never cut.
        address.TryWriteBytes(bytes, out _);
        var key = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return address.IsIPv4MappedToIPv6 || ipv6PrefixLength >= 128 ? key : key & ~(UInt128.MaxValue >> ipv6PrefixLength);
    }
}
