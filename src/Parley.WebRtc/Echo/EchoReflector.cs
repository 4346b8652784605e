using System.Buffers.Binary;
using System.Security.Cryptography;
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
    // https://www.rfc-editor.org/rfc/rfc3550#section-6.4 (SR/RR), RFC 4585 §6.1 (RTPFB 205 / PSFB 206).
    private const int SenderReport = 200;
    private const int ReceiverReport = 201;
    private const int TransportFeedback = 205;
    private const int PayloadFeedback = 206;
    private const int MaxReportBlocks = 31;
    private const int ReportBlockLength = 24;
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
        int offset = 0;
        bool first = true;
        while (RtcpWalker.TryNext(compound, ref offset, out int type, out var packet))
        {
            if (type == SenderReport && packet.Length >= 20)
            {
                uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
                lock (_lock)
                {
                    var stream = GetStream(ssrc);
                    if (stream is not null)
                    {
                        stream.LastSenderReport = BinaryPrimitives.ReadUInt32BigEndian(packet[10..]);
                        stream.LastSenderReportArrival = now;
                    }
                }
            }

            bool reflect = type is SenderReport or TransportFeedback or PayloadFeedback;
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

            if (type == SenderReport)
            {
                // Only the sender-info part: its report blocks describe our (nonexistent) stream.
                int senderInfoLength = 28;
                if (packet.Length < senderInfoLength)
                {
                    continue;
                }

                packet[..senderInfoLength].CopyTo(output[length..]);
                output[length] = 0x80; // version 2, no padding, zero report blocks
                BinaryPrimitives.WriteUInt16BigEndian(output[(length + 2)..], (ushort)((senderInfoLength / 4) - 1));
                length += senderInfoLength;
            }
            else
            {
                packet.CopyTo(output[length..]);
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

        Span<byte> output = stackalloc byte[8 + (MaxReportBlocks * ReportBlockLength)];
        int length = WriteReceiverReport(output, _time.GetTimestamp());
        _transport.SendRtcp(output[..length]);
    }

    // https://www.rfc-editor.org/rfc/rfc3550#section-6.4.2 — RR: V=2 P RC | PT=201 | length; SSRC of sender; blocks.
    private int WriteReceiverReport(Span<byte> output, long now)
    {
        int blocks = 0;
        int position = 8;
        lock (_lock)
        {
            foreach (var (ssrc, stream) in _streams)
            {
                if (blocks == MaxReportBlocks || stream.FirstSequence < 0)
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

                var block = output.Slice(position, ReportBlockLength);
                BinaryPrimitives.WriteUInt32BigEndian(block, ssrc);
                BinaryPrimitives.WriteUInt32BigEndian(block[4..], ((uint)Math.Min(fraction, 255) << 24) | ((uint)lost & 0xFFFFFF));
                BinaryPrimitives.WriteUInt32BigEndian(block[8..], (uint)highest);
                BinaryPrimitives.WriteUInt32BigEndian(block[12..], 0); // jitter: not measured by the echo
                uint delay = 0;
                if (stream.LastSenderReport != 0)
                {
                    // DLSR in 1/65536 s since that SR arrived.
                    delay = (uint)Math.Min(uint.MaxValue, _time.GetElapsedTime(stream.LastSenderReportArrival, now).TotalSeconds * 65536);
                }

                BinaryPrimitives.WriteUInt32BigEndian(block[16..], stream.LastSenderReport);
                BinaryPrimitives.WriteUInt32BigEndian(block[20..], delay);
                position += ReportBlockLength;
                blocks++;
            }
        }

        output[0] = (byte)(0x80 | blocks);
        output[1] = ReceiverReport;
        BinaryPrimitives.WriteUInt16BigEndian(output[2..], (ushort)((position / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(output[4..], _localSsrc);
        return position;
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
