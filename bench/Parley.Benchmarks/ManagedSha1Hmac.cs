using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Parley.Benchmarks;

/// <summary>
/// A plain scalar C# SHA-1 (FIPS 180-4 §6.1) HMAC with precomputed ipad/opad chaining values, only to measure
/// what managed code reaches on this CPU next to OpenSSL's SHA-NI path (<see cref="HmacSha1Benchmarks"/>).
/// Not used by Parley.Srtp.
/// </summary>
internal sealed class ManagedSha1Hmac
{
    private const int BlockLength = 64;
    private readonly uint[] _inner = new uint[5];
    private readonly uint[] _outer = new uint[5];

    public ManagedSha1Hmac(ReadOnlySpan<byte> key)
    {
        if (key.Length > BlockLength)
        {
            throw new ArgumentException("Benchmark helper: keys up to 64 bytes.", nameof(key));
        }

        Span<byte> pad = stackalloc byte[BlockLength];
        key.CopyTo(pad);
        for (var i = 0; i < BlockLength; i++)
        {
            pad[i] ^= 0x36;
        }

        Initialize(_inner);
        Compress(_inner, pad);
        for (var i = 0; i < BlockLength; i++)
        {
            pad[i] ^= 0x36 ^ 0x5C;
        }

        Initialize(_outer);
        Compress(_outer, pad);
    }

    public void ComputeTag(ReadOnlySpan<byte> message, Span<byte> digest)
    {
        Span<uint> state = stackalloc uint[5];
        _inner.CopyTo(state);
        var whole = message.Length & ~(BlockLength - 1);
        for (var offset = 0; offset < whole; offset += BlockLength)
        {
            Compress(state, message.Slice(offset, BlockLength));
        }

        Span<byte> tail = stackalloc byte[2 * BlockLength];
        tail.Clear();
        var rest = message[whole..];
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        var tailLength = rest.Length + 9 <= BlockLength ? BlockLength : 2 * BlockLength;
        BinaryPrimitives.WriteUInt64BigEndian(tail[(tailLength - 8)..], (ulong)(BlockLength + message.Length) * 8);
        for (var offset = 0; offset < tailLength; offset += BlockLength)
        {
            Compress(state, tail.Slice(offset, BlockLength));
        }

        tail.Clear();
        for (var i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(tail[(i * 4)..], state[i]);
        }

        tail[20] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(tail[56..], (BlockLength + 20) * 8);
        _outer.CopyTo(state);
        Compress(state, tail[..BlockLength]);
        for (var i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest[(i * 4)..], state[i]);
        }
    }

    private static void Initialize(Span<uint> state)
    {
        state[0] = 0x67452301;
        state[1] = 0xEFCDAB89;
        state[2] = 0x98BADCFE;
        state[3] = 0x10325476;
        state[4] = 0xC3D2E1F0;
    }

    [SkipLocalsInit]
    private static void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        Span<uint> w = stackalloc uint[80];
        for (var t = 0; t < 16; t++)
        {
            w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(t * 4)..]);
        }

        for (var t = 16; t < 80; t++)
        {
            w[t] = BitOperations.RotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        for (var t = 0; t < 20; t++)
        {
            var temp = BitOperations.RotateLeft(a, 5) + (d ^ (b & (c ^ d))) + e + 0x5A827999 + w[t];
            (e, d, c, b, a) = (d, c, BitOperations.RotateLeft(b, 30), a, temp);
        }

        for (var t = 20; t < 40; t++)
        {
            var temp = BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0x6ED9EBA1 + w[t];
            (e, d, c, b, a) = (d, c, BitOperations.RotateLeft(b, 30), a, temp);
        }

        for (var t = 40; t < 60; t++)
        {
            var temp = BitOperations.RotateLeft(a, 5) + ((b & c) | (d & (b | c))) + e + 0x8F1BBCDC + w[t];
            (e, d, c, b, a) = (d, c, BitOperations.RotateLeft(b, 30), a, temp);
        }

        for (var t = 60; t < 80; t++)
        {
            var temp = BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0xCA62C1D6 + w[t];
            (e, d, c, b, a) = (d, c, BitOperations.RotateLeft(b, 30), a, temp);
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
    }
}
