using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Parley.Rtp;
using Parley.Sfu;

namespace Parley.Benchmarks;

/// <summary>
/// The SFU's per-packet path without the network: one 1,200-byte VP8 packet from a publisher through
/// <see cref="Transport.ReceiveRtp"/> (parse, cache, key-frame check) to N consumers (rewrite, extension block,
/// send buffer). Expect 0 B allocated per operation.
/// </summary>
[MemoryDiagnoser]
public class SfuForwardingBenchmarks : IDisposable
{
    // Owned by the benchmark instance; ReceiveRtp only reads it during the call.
    private readonly byte[] _packet = new byte[1200];
    private Router _router = null!;
    private Transport _publisher = null!;
    private ushort _sequence;

    [Params(1, 5, 20)]
    public int Consumers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _router = new Router(new RouterOptions(), TimeProvider.System);
        _publisher = _router.CreateTransport(new NullLink());
        var publisherIds = new RtpHeaderExtensionIds { Mid = 1, AbsSendTime = 2, TransportCc = 3 };
        var producer = _publisher.Produce(new ProducerOptions(MediaKind.Video, new RtpCodec("VP8", 90_000, 96) { Feedback = RtcpFeedback.Nack | RtcpFeedback.NackPli })
        {
            Mid = "0",
            HeaderExtensions = publisherIds,
            Encodings = [new RtpEncoding { Ssrc = 0x1111 }],
        });
        var subscriberIds = new RtpHeaderExtensionIds { Mid = 1, AbsSendTime = 2, TransportCc = 3 };
        for (var i = 0; i < Consumers; i++)
        {
            var recv = _router.CreateTransport(new NullLink());
            recv.Consume(producer, new ConsumerOptions((uint)(0x2000 + i), 96) { HeaderExtensions = subscriberIds, Mid = "v", Paused = false });
        }

        var writer = new RtpPacketWriter(_packet, 96, 0, 0, 0x1111, marker: true);
        writer.AddExtension(2, [0, 0, 0]);
        writer.AddExtension(3, [0, 0]);
        var payload = writer.BeginPayload(_packet.Length - writer.Length - 8); // the extension block header and padding follow
        payload.Fill(0x55);
        // VP8 descriptor: X, S, 15-bit picture id, TL0PICIDX; P=0 (key frame) so every consumer starts at once.
        payload[0] = 0x90;
        payload[1] = 0xC0;
        payload[2] = 0x80;
        payload[3] = 0x01;
        payload[4] = 0x00;
        payload[5] = 0x00;
    }

    [GlobalCleanup]
    public void Cleanup() => Dispose();

    public void Dispose()
    {
        _router?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public void ForwardOnePacket()
    {
        var sequence = _sequence++;
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(4), sequence * 3000u);
        _publisher.ReceiveRtp(_packet);
    }

    private sealed class NullLink : IMediaLink
    {
        public bool SendRtp(ReadOnlySpan<byte> packet) => true;

        public bool SendRtcp(ReadOnlySpan<byte> packet) => true;
    }
}
