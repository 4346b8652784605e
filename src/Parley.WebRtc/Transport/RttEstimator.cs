using System.Buffers.Binary;

namespace Parley.WebRtc.Transport;

/// <summary>
/// Round-trip time from RTCP (RFC 3550 §6.4.1): remembers when each sender report left, and when a report
/// block comes back with LSR = that report's middle NTP bits, RTT = now − sent − DLSR.
/// </summary>
internal sealed class RttEstimator
{
    // https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1 — SR: header(4) SSRC(4) NTP(8) RTP ts(4) counts(8)
    // then report blocks; RR: header(4) SSRC(4) then blocks; block: SSRC(4) loss(4) ext seq(4) jitter(4) LSR(4) DLSR(4).
    private const int SenderReport = 200;
    private const int ReceiverReport = 201;
    private const int ReportBlockLength = 24;
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
        int offset = 0;
        while (RtcpWalker.TryNext(compound, ref offset, out int type, out var packet))
        {
            if (type == SenderReport && packet.Length >= 16)
            {
                uint middle = BinaryPrimitives.ReadUInt32BigEndian(packet[10..]);
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
        int offset = 0;
        while (RtcpWalker.TryNext(compound, ref offset, out int type, out var packet))
        {
            int blocksOffset = type switch
            {
                SenderReport => 28,
                ReceiverReport => 8,
                _ => -1,
            };
            if (blocksOffset < 0)
            {
                continue;
            }

            int count = packet[0] & 0x1F;
            for (int i = 0; i < count; i++)
            {
                int blockOffset = blocksOffset + (i * ReportBlockLength);
                if (blockOffset + ReportBlockLength > packet.Length)
                {
                    break;
                }

                uint lsr = BinaryPrimitives.ReadUInt32BigEndian(packet[(blockOffset + 16)..]);
                uint dlsr = BinaryPrimitives.ReadUInt32BigEndian(packet[(blockOffset + 20)..]);
                if (lsr != 0)
                {
                    Match(lsr, dlsr, now);
                }
            }
        }
    }

    private void Match(uint lsr, uint dlsr, long now)
    {
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
