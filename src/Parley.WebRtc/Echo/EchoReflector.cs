using System.Buffers.Binary;
using System.Security.Cryptography;
using Parley.Rtp.Rtcp;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Echo;

/// <summary>
/// The echo connection test's media logic: every RTP packet goes back to its sender unchanged (same SSRC, same
/// m-section via the MID header extension). RTCP is answered, not echoed: once a second we send receiver
/// reports (so the browser computes RTT from LSR/DLSR), and the browser's own sender reports and feedback
/// (NACK, PLI, FIR, REMB, transport-cc) are reflected, so the browser's encoder answers its own decoder's
/// requests and video recovers from loss.
/// </summary>
public sealed class EchoReflector : IDisposable
{
    private const int MaxReportBlocks = 31;
    private const int MaxRtcpLength = 1200;

    private readonly WebRtcTransport _transport;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<uint, EchoStreamState> _streams = [];
    private readonly uint _localSsrc = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));
    private readonly ITimer _reportTimer;
    private long _feedbackReflected;

    public EchoReflector(WebRtcTransport transport, TimeProvider? timeProvider = null, TimeSpan? reportInterval = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        _time = timeProvider ?? TimeProvider.System;
        transport.RtpReceived += OnRtp;
        transport.RtcpReceived += OnRtcp;
        var interval = reportInterval ?? TimeSpan.FromSeconds(1);
        _reportTimer = _time.CreateTimer(static state => ((EchoReflector)state!).SendReceiverReport(), this, interval, interval);
    }

    /// <summary>RTCP feedback packets (NACK, PLI, FIR, REMB, TWCC) and SRs reflected to the browser.</summary>
    public long FeedbackReflected => Interlocked.Read(ref _feedbackReflected);

    public void Dispose()
    {
        _reportTimer.Dispose();
        _transport.RtpReceived -= OnRtp;
        _transport.RtcpReceived -= OnRtcp;
    }

    private void OnRtp(WebRtcTransport transport, ReadOnlySpan<byte> packet)
    {
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        lock (_lock)
        {
            var stream = GetStream(ssrc);
            if (stream is not null)
            {
                long extended = stream.Sequence.Unwrap(sequence);
                if (stream.FirstSequence < 0)
                {
                    stream.FirstSequence = extended;
                }

                stream.Received++;
            }
        }

        transport.SendRtp(packet);
    }

    private void OnRtcp(WebRtcTransport transport, ReadOnlySpan<byte> compound)
    {
        // Reflected packets are collected here (owned by this call) behind room for our own RR.
        Span<byte> output = stackalloc byte[MaxRtcpLength];
        int reportLength = 0;
        int length = 0;
        long now = _time.GetTimestamp();
        bool first = true;
        foreach (var packet in RtcpCompound.Enumerate(compound))
        {
            bool isSenderReport = RtcpSenderReport.TryParse(packet, out var senderReport);
            if (isSenderReport)
            {
                lock (_lock)
                {
                    var stream = GetStream(senderReport.Ssrc);
                    if (stream is not null)
                    {
                        stream.LastSenderReport = RttEstimator.MiddleNtpBits(senderReport.NtpTimestamp);
                        stream.LastSenderReportArrival = now;
                    }
                }
            }

            // https://www.rfc-editor.org/rfc/rfc4585#section-6.1 — RTPFB (NACK, transport-cc) and PSFB (PLI, FIR, REMB).
            bool reflect = isSenderReport
                || packet.PacketType is RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadFeedback;
            if (!reflect)
            {
                continue;
            }

            if (first)
            {
                reportLength = WriteReceiverReport(output, now);
                length = reportLength;
                first = false;
            }

            if (length + packet.Length > output.Length)
            {
                break;
            }

            if (isSenderReport)
            {
                // Only the sender info: its report blocks describe our (nonexistent) stream.
                length += RtcpSenderReport.Write(
                    output[length..],
                    senderReport.Ssrc,
                    senderReport.NtpTimestamp,
                    senderReport.RtpTimestamp,
                    senderReport.PacketCount,
                    senderReport.OctetCount,
                    []);
            }
            else
            {
                packet.Raw.CopyTo(output[length..]);
                length += packet.Length;
            }

            Interlocked.Increment(ref _feedbackReflected);
        }

        if (length > reportLength)
        {
            transport.SendRtcp(output[..length]);
        }
    }

    private void SendReceiverReport()
    {
        if (_transport.State != WebRtcTransportState.Connected)
        {
            return;
        }

        Span<byte> output = stackalloc byte[RtcpPacket.HeaderLength + 4 + (MaxReportBlocks * RtcpReportBlock.Length)];
        int length = WriteReceiverReport(output, _time.GetTimestamp());
        _transport.SendRtcp(output[..length]);
    }

    // https://www.rfc-editor.org/rfc/rfc3550#section-6.4.2 — one report block per stream we have seen RTP on.
    private int WriteReceiverReport(Span<byte> output, long now)
    {
        // The blocks live on this call's stack until RtcpReceiverReport.Write serialises them.
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[MaxReportBlocks];
        int count = 0;
        lock (_lock)
        {
            foreach (var (ssrc, stream) in _streams)
            {
                if (count == MaxReportBlocks || stream.FirstSequence < 0)
                {
                    continue;
                }

                long highest = stream.Sequence.Highest;
                long expected = highest - stream.FirstSequence + 1;
                long lost = Math.Clamp(expected - stream.Received, -0x800000, 0x7FFFFF);
                long expectedInterval = expected - stream.ExpectedAtLastReport;
                long receivedInterval = stream.Received - stream.ReceivedAtLastReport;
                long lostInterval = expectedInterval - receivedInterval;
                int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int)((lostInterval << 8) / expectedInterval);
                stream.ExpectedAtLastReport = expected;
                stream.ReceivedAtLastReport = stream.Received;

                uint delay = 0;
                if (stream.LastSenderReport != 0)
                {
                    // DLSR in 1/65536 s since that SR arrived.
                    delay = (uint)Math.Min(uint.MaxValue, _time.GetElapsedTime(stream.LastSenderReportArrival, now).TotalSeconds * 65536);
                }

                blocks[count++] = new RtcpReportBlock(
                    ssrc,
                    (byte)Math.Min(fraction, 255),
                    (int)lost,
                    (uint)highest,
                    Jitter: 0, // not measured by the echo
                    stream.LastSenderReport,
                    delay);
            }
        }

        return RtcpReceiverReport.Write(output, _localSsrc, blocks[..count]);
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
