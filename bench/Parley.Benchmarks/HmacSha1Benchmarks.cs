using System.Runtime.InteropServices;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Parley.Srtp;
using Parley.Srtp.Native;

namespace Parley.Benchmarks;

/// <summary>
/// The HMAC-SHA1 half of AES_CM_128_HMAC_SHA1_80: one tag over a 1,200-byte RTP packet plus its 4-byte ROC
/// (1,204 bytes), computed every way .NET offers on this machine, to find the cheapest and its distance from the
/// SHA-1 compression floor (20 compressions with precomputed ipad/opad states).
/// Run: <c>dotnet run -c Release --project bench/Parley.Benchmarks -- --filter '*HmacSha1Benchmarks*' --job short</c>.
/// On a shared, loaded machine add <c>--inProcess --iterationTime 5 --iterationCount 60</c> and read the Min column:
/// short iterations let some of them run undisturbed.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
#pragma warning disable CA5350 // SHA-1 is what RFC 3711 mandates; this measures it.
public unsafe partial class HmacSha1Benchmarks : IDisposable
{
    private const int PacketLength = 1200;

    // Owned by the benchmark: packet || ROC, as SRTP authenticates it.
    private readonly byte[] _message = new byte[PacketLength + 4];
    private readonly byte[] _tag = new byte[20];
    private readonly byte[] _key = new byte[20];

    // 20 whole blocks: exactly the compressions one HMAC over 1,204 bytes needs once ipad/opad are precomputed.
    private readonly byte[] _twentyBlocks = new byte[20 * LibCryptoSha1.BlockLength];
    private readonly byte[] _counter = new byte[16];
    private readonly byte[] _payload = new byte[PacketLength - 12];
    private AesCounterMode _aes = null!;
    private LibCryptoSha1 _sha1 = null!;

    private IncrementalHash _incrementalHash = null!;
    private HMACSHA1 _hmacInstance = null!;
    private HmacSha1Authenticator _libCrypto = null!;
    private HmacSha1Authenticator _fallback = null!;
    private ManagedSha1Hmac _managed = null!;
    private ShaContext _innerState;
    private ShaContext _outerState;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_message);
        new Random(2).NextBytes(_key);
        _incrementalHash = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _key);
        _hmacInstance = new HMACSHA1(_key);
        _sha1 = LibCryptoSha1.Shared ?? throw new InvalidOperationException("libcrypto's SHA-1 is not loadable here.");
        _libCrypto = new LibCryptoHmacSha1Authenticator(_sha1, _key);
        _fallback = new IncrementalHmacSha1Authenticator(_key);
        _managed = new ManagedSha1Hmac(_key);
        _aes = new AesCounterMode(_key.AsSpan(0, 16));

        // The ipad/opad states the naive and floor benchmarks start from, as the authenticator precomputes them.
        Span<byte> pad = stackalloc byte[LibCryptoSha1.BlockLength];
        _key.CopyTo(pad);
        Xor(pad, 0x36);
        _sha1.Init(ref _innerState);
        _sha1.Update(ref _innerState, pad);
        Xor(pad, 0x36 ^ 0x5C);
        _sha1.Init(ref _outerState);
        _sha1.Update(ref _outerState, pad);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _incrementalHash?.Dispose();
        _hmacInstance?.Dispose();
        _libCrypto?.Dispose();
        _fallback?.Dispose();
        _aes?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, Description = "IncrementalHash HMAC, reused (before)")]
    public byte IncrementalHashReused()
    {
        _incrementalHash.AppendData(_message.AsSpan(0, PacketLength));
        _incrementalHash.AppendData(_message.AsSpan(PacketLength));
        _incrementalHash.TryGetHashAndReset(_tag, out _);
        return _tag[0];
    }

    [Benchmark(Description = "HMACSHA1.HashData static")]
    public byte HmacStatic()
    {
        HMACSHA1.HashData(_key, _message, _tag);
        return _tag[0];
    }

    [Benchmark(Description = "HMACSHA1 instance TryComputeHash")]
    public byte HmacInstance()
    {
        _hmacInstance.TryComputeHash(_message, _tag, out _);
        return _tag[0];
    }

    [Benchmark(Description = "SHA1.HashData (plain hash, no HMAC)")]
    public byte Sha1Static()
    {
        SHA1.HashData(_message, _tag);
        return _tag[0];
    }

    [Benchmark(Description = "libcrypto SHA1_Update/Final, 5 calls")]
    public byte LibCryptoNaive()
    {
        var context = _innerState;
        fixed (byte* message = _message)
        fixed (byte* tag = _tag)
        {
            _ = Sha1Update(&context, message, PacketLength);
            _ = Sha1Update(&context, message + PacketLength, 4);
            _ = Sha1Final(tag, &context);
            context = _outerState;
            _ = Sha1Update(&context, tag, 20);
            _ = Sha1Final(tag, &context);
        }

        return _tag[0];
    }

    [Benchmark(Description = "LibCryptoHmacSha1Authenticator (after)")]
    public byte LibCryptoAuthenticator()
    {
        _libCrypto.ComputeTag(_message.AsSpan(0, PacketLength), _message.AsSpan(PacketLength), _tag);
        return _tag[0];
    }

    [Benchmark(Description = "IncrementalHmacSha1Authenticator (fallback)")]
    public byte FallbackAuthenticator()
    {
        _fallback.ComputeTag(_message.AsSpan(0, PacketLength), _message.AsSpan(PacketLength), _tag);
        return _tag[0];
    }

    [Benchmark(Description = "scalar C# SHA-1 HMAC, precomputed pads")]
    public byte ManagedScalar()
    {
        _managed.ComputeTag(_message, _tag);
        return _tag[0];
    }

    [Benchmark(Description = "floor: 20 SHA-1 compressions, one SHA1_Update")]
    public uint TwentyCompressions()
    {
        var context = _innerState;
        _sha1.Update(ref context, _twentyBlocks);
        return context.H[0];
    }

    [Benchmark(Description = "AES-CTR over the 1,188-byte payload (AesCounterMode)")]
    public byte AesCounterModePayload()
    {
        _aes.Apply(_counter, _payload);
        return _payload[0];
    }

    private static void Xor(Span<byte> block, byte value)
    {
        for (var i = 0; i < block.Length; i++)
        {
            block[i] ^= value;
        }
    }

    [LibraryImport("libcrypto.so.3", EntryPoint = "SHA1_Update")]
    private static partial int Sha1Update(ShaContext* context, byte* data, nuint length);

    [LibraryImport("libcrypto.so.3", EntryPoint = "SHA1_Final")]
    private static partial int Sha1Final(byte* digest, ShaContext* context);
}
