using System.Buffers.Binary;

namespace Parley.Srtp.Tests;

/// <summary>Builds plain RTP/RTCP packets for the tests.</summary>
internal static class RtpPackets
{
    public static byte[] Rtp(ushort sequence, uint ssrc, int payloadLength, int spare = 32, byte fill = 0xAB)
    {
        var buffer = new byte[12 + payloadLength + spare];
        buffer[0] = 0x80;
        buffer[1] = 111;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), 0x1234_5678);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
        for (var i = 0; i < payloadLength; i++)
        {
            buffer[12 + i] = (byte)(fill + i);
        }

        return buffer;
    }

    /// <summary>A receiver report: V=2, RC=0, PT=201, length 1 (8 bytes), then <paramref name="extra"/> bytes.</summary>
    public static byte[] Rtcp(uint ssrc, int extra = 24, int spare = 32)
    {
        var buffer = new byte[8 + extra + spare];
        buffer[0] = 0x80;
        buffer[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)((8 + extra) / 4 - 1));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), ssrc);
        for (var i = 0; i < extra; i++)
        {
            buffer[8 + i] = (byte)(0x30 + i);
        }

        return buffer;
    }

    public static (byte[] Key, byte[] Salt) MasterKey(SrtpProfile profile, byte seed)
    {
        var parameters = SrtpProfileParameters.For(profile);
        var key = new byte[parameters.MasterKeyLength];
        var salt = new byte[parameters.MasterSaltLength];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(seed + (i * 7));
        }

        for (var i = 0; i < salt.Length; i++)
        {
            salt[i] = (byte)(seed ^ (i * 13));
        }

        return (key, salt);
    }

    public static ContextPair Pair(SrtpProfile profile, byte seed = 1)
    {
        var (key, salt) = MasterKey(profile, seed);
        return new ContextPair(new SrtpContext(profile, key, salt), new SrtpContext(profile, key, salt));
    }

    /// <summary>A sender and a receiver context sharing one master key.</summary>
    internal sealed record ContextPair(SrtpContext Sender, SrtpContext Receiver) : IDisposable
    {
        public void Dispose()
        {
            Sender.Dispose();
            Receiver.Dispose();
        }
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
