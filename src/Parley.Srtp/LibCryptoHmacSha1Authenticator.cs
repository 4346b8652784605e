using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Parley.Srtp.Native;

namespace Parley.Srtp;

/// <summary>
/// HMAC-SHA1 on OpenSSL's SHA-1 compression function (SHA-NI where the CPU has it), with the key's ipad and opad
/// blocks absorbed once: per message it copies the two 96-byte SHA-1 states and makes three native calls — the
/// message's whole blocks, a stack-built tail (last partial block, trailer, SHA-1 padding), and the single outer
/// block — compared with the EVP_MAC re-initialization <see cref="IncrementalHash"/> does per message.
/// Not thread-safe.
/// </summary>
internal sealed class LibCryptoHmacSha1Authenticator : HmacSha1Authenticator
{
    private const int BlockLength = LibCryptoSha1.BlockLength;
    private const int LengthFieldLength = 8;
    private const byte InnerPad = 0x36;
    private const byte OuterPad = 0x5C;

    // Outer message = opad block (64) + inner digest (20), fixed, so its padded length field is a constant.
    private const ulong OuterMessageBits = (BlockLength + DigestLength) * 8;

    private readonly LibCryptoSha1 _sha1;

    // SHA-1 states after absorbing key XOR ipad / key XOR opad. Equivalent to the key for forging tags, so zeroed on
    // Dispose. Per-message work happens on stack copies; once a copy has absorbed message data it no longer
    // reveals these states, so the copies need no wiping.
    private ShaContext _innerState;
    private ShaContext _outerState;
    private bool _disposed;

    public LibCryptoHmacSha1Authenticator(LibCryptoSha1 sha1, ReadOnlySpan<byte> key)
    {
        _sha1 = sha1;
        Span<byte> pad = stackalloc byte[BlockLength];
        if (key.Length > BlockLength)
        {
            // RFC 2104 §2: keys longer than the block are hashed first — with SHA-1, the hash RFC 3711 mandates.
#pragma warning disable CA5350
            SHA1.HashData(key, pad);
#pragma warning restore CA5350
        }
        else
        {
            key.CopyTo(pad);
        }

        XorInto(pad, InnerPad);
        sha1.Init(ref _innerState);
        sha1.Update(ref _innerState, pad);

        XorInto(pad, InnerPad ^ OuterPad);
        sha1.Init(ref _outerState);
        sha1.Update(ref _outerState, pad);
        CryptographicOperations.ZeroMemory(pad);
    }

    [SkipLocalsInit]
    protected override void ComputeTagCore(ReadOnlySpan<byte> message, ReadOnlySpan<byte> trailer, Span<byte> tag)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // Inner hash. After the ipad block the state holds no partial block, so whole message blocks are
        // compressed in place, straight from the caller's buffer.
        var inner = _innerState;
        var wholeBlocksLength = message.Length & ~(BlockLength - 1);
        if (wholeBlocksLength > 0)
        {
            _sha1.Update(ref inner, message[..wholeBlocksLength]);
        }

        // The rest (< 64 bytes), the trailer (<= 16) and the padding (>= 9) fit in two blocks, built on the stack
        // (owned by this call) so OpenSSL never has to buffer a partial block or run its own finalization.
        Span<byte> tail = stackalloc byte[2 * BlockLength];
        var rest = message[wholeBlocksLength..];
        rest.CopyTo(tail);
        trailer.CopyTo(tail[rest.Length..]);
        var used = rest.Length + trailer.Length;
        var tailLength = used + 1 + LengthFieldLength <= BlockLength ? BlockLength : 2 * BlockLength;
        tail[used] = 0x80;
        tail[(used + 1)..(tailLength - LengthFieldLength)].Clear();
        var innerBits = ((ulong)BlockLength + (ulong)message.Length + (ulong)trailer.Length) * 8;
        BinaryPrimitives.WriteUInt64BigEndian(tail[(tailLength - LengthFieldLength)..], innerBits);
        _sha1.Update(ref inner, tail[..tailLength]);

        // Outer hash: opad state + one block holding the inner digest and its padding. Reuses the tail buffer.
        var outerBlock = tail[..BlockLength];
        WriteDigest(in inner, outerBlock);
        outerBlock[DigestLength] = 0x80;
        outerBlock[(DigestLength + 1)..(BlockLength - LengthFieldLength)].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(outerBlock[(BlockLength - LengthFieldLength)..], OuterMessageBits);
        var outer = _outerState;
        _sha1.Transform(ref outer, outerBlock);

        var digest = tail[BlockLength..(BlockLength + DigestLength)];
        WriteDigest(in outer, digest);
        digest[..tag.Length].CopyTo(tag);
    }

    public override void Dispose()
    {
        _innerState = default;
        _outerState = default;
        _disposed = true;
    }

    private static void WriteDigest(in ShaContext state, Span<byte> destination)
    {
        for (var i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(i * 4)..], state.H[i]);
        }
    }

    private static void XorInto(Span<byte> block, byte value)
    {
        for (var i = 0; i < block.Length; i++)
        {
            block[i] ^= value;
        }
    }
}
