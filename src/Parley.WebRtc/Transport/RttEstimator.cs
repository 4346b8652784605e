using Parley.Rtp.Rtcp;

namespace Parley.WebRtc.Transport;

/// <summary>
/// Round-trip time from RTCP (RFC 3550 §6.4.1): remembers when each sender report left, and when a report
/// block comes back with LSR = that report's middle NTP bits, RTT = now − sent − DLSR.
/// </summary>
internal sealed class RttEstimator
{
    private const int RememberedReports = 16;

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly uint[] _sentMiddleNtp = new uint[RememberedReports];
    private readonly long[] _sentTimestamp = new long[RememberedReports];
    private int _next;
    private double? _latestMs;

    public RttEstimator(TimeProvider time) => _time = time;

    public double? LatestMilliseconds
    {
        get
        {
            lock (_lock)
            {
                return _latestMs;
            }
        }
    }

    /// <summary>Notes the NTP time of every SR in an outgoing compound packet; never throws on malformed input.</summary>
    public void OnRtcpSent(ReadOnlySpan<byte> compound)
    {
        long now = _time.GetTimestamp();
        foreach (var packet in RtcpCompound.Enumerate(compound))
        {
            if (RtcpSenderReport.TryParse(packet, out var report))
            {
                uint middle = MiddleNtpBits(report.NtpTimestamp);
                lock (_lock)
                {
                    _sentMiddleNtp[_next] = middle;
                    _sentTimestamp[_next] = now;
                    _next = (_next + 1) % RememberedReports;
                }
            }
        }
    }

    /// <summary>Looks for report blocks answering one of our SRs; never throws on malformed input.</summary>
    public void OnRtcpReceived(ReadOnlySpan<byte> compound)
    {
        long now = _time.GetTimestamp();
        foreach (var packet in RtcpCompound.Enumerate(compound))
        {
            if (RtcpSenderReport.TryParse(packet, out var senderReport))
            {
                for (int i = 0; i < senderReport.ReportCount; i++)
                {
                    Match(senderReport.GetReportBlock(i), now);
                }
            }
            else if (RtcpReceiverReport.TryParse(packet, out var receiverReport))
            {
                for (int i = 0; i < receiverReport.ReportCount; i++)
                {
                    Match(receiverReport.GetReportBlock(i), now);
                }
            }
        }
    }

    // https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1 — LSR is the middle 32 bits of the SR's 64-bit NTP timestamp.
    internal static uint MiddleNtpBits(ulong ntpTimestamp) => (uint)(ntpTimestamp >> 16);

    private void Match(RtcpReportBlock block, long now)
    {
        // LSR 0 means the reporter has not received an SR from us yet (RFC 3550 §6.4.1).
        uint lsr = block.LastSenderReport;
        if (lsr == 0)
        {
            return;
        }

        uint dlsr = block.DelaySinceLastSenderReport;
        lock (_lock)
        {
            for (int i = 0; i < RememberedReports; i++)
            {
                if (_sentMiddleNtp[i] == lsr && _sentTimestamp[i] != 0)
                {
                    // DLSR is in units of 1/65536 s.
                    double rtt = _time.GetElapsedTime(_sentTimestamp[i], now).TotalMilliseconds - (dlsr * 1000.0 / 65536.0);
                    _latestMs = Math.Max(0, rtt);
                    return;
                }
            }
        }
    }
}
