using BenchmarkDotNet.Attributes;
using Parley.Rtp;
using Parley.Rtp.Rtcp;

namespace Parley.Benchmarks;

/// <summary>The SFU's per-packet work: parse a 1,200-byte video packet, rewrite its header, read TWCC feedback.</summary>
[MemoryDiagnoser]
public class RtpBenchmarks
{
    // Owned by the benchmark instance for its whole run; the views below only borrow them.
    private readonly byte[] _packet = new byte[1200];
    private readonly byte[] _feedback = new byte[512];
    private int _feedbackLength;
    private ushort _sequence;

    [GlobalSetup]
    public void Setup()
    {
        var writer = new RtpPacketWriter(_packet, 96, 1000, 90_000, 0x11223344, marker: true);
        writer.AddExtension(1, [0x80]);             // audio level style
        writer.AddExtension(3, [0x00, 0x2A]);       // transport-wide sequence number
        writer.AddExtension(4, [0x01, 0x02, 0x03]); // abs-send-time
        writer.BeginPayload(1200 - 28).Fill(0xAB); // header: 12 fixed + 4 extension header + 12 padded elements
        if (writer.Length != _packet.Length)
        {
            throw new InvalidOperationException($"Expected a 1,200-byte packet, got {writer.Length}.");
        }

        var packets = new TransportFeedbackPacket[100];
        for (var i = 0; i < packets.Length; i++)
        {
            packets[i] = i % 10 == 9 ? TransportFeedbackPacket.Lost((ushort)i) : TransportFeedbackPacket.Received((ushort)i, i % 7 * 20);
        }

        _feedbackLength = RtcpTransportFeedback.Write(_feedback, 1, 2, 0, 12345, 1, packets);
    }

    [Benchmark]
    public int ParseRtp()
    {
        return RtpPacket.TryParse(_packet, out var packet) ? packet.PayloadType + packet.Payload.Length : -1;
    }

    [Benchmark]
    public int ParseRtpAndFindExtension()
    {
        return RtpPacket.TryParse(_packet, out var packet) && packet.TryGetExtension(3, out var transportSequence)
            ? transportSequence[1]
            : -1;
    }

    [Benchmark]
    public ushort RewriteSsrcAndSequence()
    {
        if (!RtpPacket.TryParse(_packet, out var packet))
        {
            return 0;
        }

        packet.Ssrc = 0xA1B2C3D4;
        packet.SequenceNumber = ++_sequence;
        packet.Timestamp += 3000;
        return packet.SequenceNumber;
    }

    [Benchmark]
    public int ParseTransportFeedback100()
    {
        if (!RtcpPacket.TryParse(_feedback.AsSpan(0, _feedbackLength), out var rtcp)
            || !RtcpTransportFeedback.TryParse(rtcp, out var feedback))
        {
            return -1;
        }

        var received = 0;
        foreach (var status in feedback.Packets)
        {
            received += status.IsReceived ? 1 : 0;
        }

        return received;
    }
}
