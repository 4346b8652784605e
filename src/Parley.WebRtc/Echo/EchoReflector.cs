using System.Buffers.Binary;
using System.Security.Cryptography;
using Parley.Rtp.Rtcp;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Echo;

/// <summary>
/// The echo connection test's media logic: every RTP packet goes back to its sender unchanged (same SSRC, same
/// m-section via the MID header extension). RTCP is answered, not echoed: once a second we send receiver
/// reports (loss, interarrival jitter on the server's clock, and LSR/DLSR so the browser computes RTT), and the
/// browser's own sender reports and feedback (NACK, PLI, FIR, REMB, transport-cc) are reflected, so the browser's
/// encoder answers its own decoder's requests and video recovers from loss.
/// </summary>
public sealed class EchoReflector : IDisposable
{
    private const int MaxRtcpLength = 1200;

    private readonly WebRtcTransport _transport;
    private readonly TimeProvider _time;
    private readonly EchoReceptionStats _reception;
    private readonly uint _localSsrc = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));
    private readonly ITimer _reportTimer;
    private long _feedbackReflected;

    /// <param name="transport">The transport whose packets are echoed.</param>
    /// <param name="timeProvider">The server's clock: RTP arrival times for jitter and SR arrival times for DLSR.</param>
    /// <param name="reportInterval">How often receiver reports go out (default 1 s).</param>
    /// <param name="clockRates">
    /// The negotiated payload types' clock rates (<see cref="EchoClockRates.FromNegotiation"/>); without them the
    /// reports carry jitter 0, as the echo cannot convert arrival times into a stream's RTP units.
    /// </param>
    public EchoReflector(WebRtcTransport transport, TimeProvider? timeProvider = null, TimeSpan? reportInterval = null, EchoClockRates? clockRates = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        _time = timeProvider ?? TimeProvider.System;
        _reception = new EchoReceptionStats(_time, clockRates ?? EchoClockRates.None);
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
        _reception.OnRtp(packet, _time.GetTimestamp());
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
                _reception.OnSenderReport(senderReport.Ssrc, senderReport.NtpTimestamp, now);
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
                // RFC 3550 §6.1: a compound packet starts with a report.
                reportLength = _reception.WriteReceiverReport(output, _localSsrc, now);
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

        // The RR is written on this timer callback's stack and copied by SendRtcp.
        Span<byte> output = stackalloc byte[EchoReceptionStats.MaxReceiverReportLength];
        int length = _reception.WriteReceiverReport(output, _localSsrc, _time.GetTimestamp());
        _transport.SendRtcp(output[..length]);
    }
}
