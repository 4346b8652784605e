using System.Buffers.Binary;
using Parley.Rtp;
using Parley.Rtp.Rtcp;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Echo;

/// <summary>
/// The receiving side of the echo as RFC 3550 sees it: per incoming SSRC, what arrived and when, and the
/// receiver-report blocks that describe it. Thread-safe: RTP arrives on receive loops, reports are written from a
/// timer and from the RTCP path.
/// </summary>
internal sealed class EchoReceptionStats
{
    /// <summary>An RR carries at most 31 report blocks (5-bit count); more SSRCs than that get no state.</summary>
    public const int MaxReportBlocks = 31;

    private readonly TimeProvider _time;
    private readonly long _timestampFrequency; // read once: TimeProvider.TimestampFrequency is a virtual call
    private readonly EchoClockRates _clockRates;
    private readonly Lock _lock = new();
    private readonly Dictionary<uint, EchoStreamState> _streams = [];

    public EchoReceptionStats(TimeProvider time, EchoClockRates clockRates)
    {
        _time = time;
        _timestampFrequency = time.TimestampFrequency;
        _clockRates = clockRates;
    }

    /// <summary>Bytes of an RR with the most blocks this can write.</summary>
    public static int MaxReceiverReportLength => RtcpPacket.HeaderLength + 4 + (MaxReportBlocks * RtcpReportBlock.Length);

    /// <summary>Notes one decrypted RTP packet arriving now; packets too short to be RTP are ignored, never thrown on.</summary>
    public void OnRtp(ReadOnlySpan<byte> packet, long arrival)
    {
        if (packet.Length < RtpPacket.FixedHeaderLength)
        {
            return;
        }

        // https://www.rfc-editor.org/rfc/rfc3550#section-5.1 — fixed header fields read in place (no parse of extensions needed).
        int payloadType = packet[1] & 0x7F;
        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        uint rtpTimestamp = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        int clockRate = _clockRates.GetClockRate(payloadType);
        lock (_lock)
        {
            GetStream(ssrc)?.OnPacket(sequence, rtpTimestamp, clockRate, arrival, _timestampFrequency);
        }
    }

    /// <summary>Remembers a sender report's NTP time (its middle 32 bits become our LSR for that SSRC).</summary>
    public void OnSenderReport(uint ssrc, ulong ntpTimestamp, long arrival)
    {
        lock (_lock)
        {
            GetStream(ssrc)?.OnSenderReport(RttEstimator.MiddleNtpBits(ntpTimestamp), arrival);
        }
    }

    // https://www.rfc-editor.org/rfc/rfc3550#section-6.4.2 — one report block per stream we have seen RTP on.
    /// <summary>Writes an RR from <paramref name="reporterSsrc"/> describing every stream; returns its length.</summary>
    public int WriteReceiverReport(Span<byte> output, uint reporterSsrc, long now)
    {
        // The blocks live on this call's stack until RtcpReceiverReport.Write serialises them.
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[MaxReportBlocks];
        int count = 0;
        lock (_lock)
        {
            foreach (var (ssrc, stream) in _streams)
            {
                if (stream.HasReceived)
                {
                    blocks[count++] = stream.TakeReportBlock(ssrc, now, _time);
                }
            }
        }

        return RtcpReceiverReport.Write(output, reporterSsrc, blocks[..count]);
    }

    /// <summary>Per-SSRC state, created on first sight; a peer spraying SSRCs is capped (no state, still echoed).</summary>
    private EchoStreamState? GetStream(uint ssrc)
    {
        if (_streams.TryGetValue(ssrc, out var stream))
        {
            return stream;
        }

        if (_streams.Count >= MaxReportBlocks)
        {
            return null;
        }

        stream = new EchoStreamState();
        _streams[ssrc] = stream;
        return stream;
    }
}
