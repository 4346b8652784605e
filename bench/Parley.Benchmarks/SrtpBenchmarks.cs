using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Parley.Srtp;

namespace Parley.Benchmarks;

/// <summary>
/// SRTP cost per 1,200-byte RTP packet (12-byte header + 1,188-byte payload), per profile.
/// Each iteration uses a new sequence number so the receiver's replay window accepts it (and the ROC wraps
/// naturally every 65,536 iterations, exercising the estimator too).
/// </summary>
[MemoryDiagnoser]
public class SrtpBenchmarks : IDisposable
{
    private const int PacketLength = 1200;

    private SrtpContext _sender = null!;
    private SrtpContext _receiver = null!;

    // Owned by the benchmark; sized for the largest tag (16 bytes).
    private readonly byte[] _buffer = new byte[PacketLength + 16];
    private readonly byte[] _template = new byte[PacketLength];
    private ushort _sequence;

    [Params(SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm, SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AesCm128HmacSha1_32)]
    public SrtpProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var parameters = SrtpProfileParameters.For(Profile);
        var key = new byte[parameters.MasterKeyLength];
        var salt = new byte[parameters.MasterSaltLength];
        new Random(42).NextBytes(key);
        new Random(43).NextBytes(salt);
        _sender = new SrtpContext(Profile, key, salt);
        _receiver = new SrtpContext(Profile, key, salt);

        new Random(44).NextBytes(_template);
        _template[0] = 0x80;
        _template[1] = 111;
        BinaryPrimitives.WriteUInt32BigEndian(_template.AsSpan(8), 0x1234_5678);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _sender?.Dispose();
        _receiver?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "protect + unprotect 1200 B")]
    public int ProtectAndUnprotect()
    {
        var length = PrepareNextPacket();
        if (!_sender.TryProtectRtp(_buffer, length, out var protectedLength)
            || !_receiver.TryUnprotectRtp(_buffer.AsSpan(0, protectedLength), out var plainLength))
        {
            throw new InvalidOperationException("SRTP round trip failed.");
        }

        return plainLength;
    }

    [Benchmark(Description = "protect 1200 B")]
    public int Protect()
    {
        var length = PrepareNextPacket();
        return _sender.TryProtectRtp(_buffer, length, out var protectedLength) ? protectedLength : -1;
    }

    private int PrepareNextPacket()
    {
        _template.CopyTo(_buffer, 0);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), _sequence++);
        return PacketLength;
    }
}
