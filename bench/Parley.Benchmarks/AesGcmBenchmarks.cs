using BenchmarkDotNet.Attributes;
using Parley.Srtp;

namespace Parley.Benchmarks;

/// <summary>
/// The AES primitives under SRTP on one 1,188-byte RTP payload with a 12-byte header as AAD: the AES-NI GCM and
/// counter mode against the platform fallbacks they replace, and GHASH alone.
/// </summary>
[MemoryDiagnoser]
public class AesGcmBenchmarks : IDisposable
{
    private const int PayloadLength = 1188;

    // Owned by the benchmark.
    private readonly byte[] _payload = new byte[PayloadLength];
    private readonly byte[] _header = new byte[12];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _tag = new byte[16];
    private readonly byte[] _counter = new byte[16];

    private AesNiGcm _hardware = null!;
    private PlatformAesGcm _platform = null!;
    private AesNiCounterMode _hardwareCtr = null!;
    private EcbAesCounterMode _ecbCtr = null!;
    private AesNiKeySchedule _keys = null!;
    private GhashKey _ghash = null!;

    [Params(16, 32)]
    public int KeyLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = new byte[KeyLength];
        new Random(1).NextBytes(key);
        new Random(2).NextBytes(_payload);
        _hardware = new AesNiGcm(key);
        _platform = new PlatformAesGcm(key);
        _hardwareCtr = new AesNiCounterMode(key);
        _ecbCtr = new EcbAesCounterMode(key);
        _keys = new AesNiKeySchedule(key);
        _ghash = new GhashKey(_keys.EncryptBlock(default), GhashKey.WideMultiplyIsSupported);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _hardware?.Dispose();
        _platform?.Dispose();
        _hardwareCtr?.Dispose();
        _ecbCtr?.Dispose();
        _keys?.Dispose();
        _ghash?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "AES-NI GCM encrypt 1188 B")]
    public byte HardwareEncrypt()
    {
        _hardware.Encrypt(_nonce, _payload, _header, _tag);
        return _tag[0];
    }

    [Benchmark(Description = "AES-NI GCM encrypt + decrypt 1188 B")]
    public bool HardwareRoundTrip()
    {
        _hardware.Encrypt(_nonce, _payload, _header, _tag);
        return _hardware.TryDecrypt(_nonce, _payload, _header, _tag);
    }

    [Benchmark(Description = "GHASH 12 B AAD + 1188 B")]
    public byte Ghash()
    {
        var state = _ghash.Update(_ghash.Update(default, _header), _payload);
        return _ghash.Finish(state, _header.Length, _payload.Length)[0];
    }

    [Benchmark(Description = "platform AesGcm encrypt 1188 B")]
    public byte PlatformEncrypt()
    {
        _platform.Encrypt(_nonce, _payload, _header, _tag);
        return _tag[0];
    }

    [Benchmark(Description = "AES-NI CTR 1188 B")]
    public byte HardwareCounterMode()
    {
        _hardwareCtr.Apply(_counter, _payload);
        return _payload[0];
    }

    [Benchmark(Description = "ECB-based CTR 1188 B")]
    public byte EcbCounterMode()
    {
        _ecbCtr.Apply(_counter, _payload);
        return _payload[0];
    }
}
