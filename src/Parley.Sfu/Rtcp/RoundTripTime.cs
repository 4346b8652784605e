namespace Parley.Sfu.Rtcp;

/// <summary>
/// Round-trip time of one transport from the report blocks its peer sends back (RFC 3550 §6.4.1): we record when
/// each of our SRs left (its LSR key: the NTP middle 32 bits), and a report block's LSR/DLSR then gives
/// RTT = arrival − sent − DLSR, measured on our monotonic clock. Smoothed like TCP's SRTT (1/8 gain).
/// <para>Threading: not thread-safe. The transport calls <see cref="OnSenderReportSent"/> from the router timer and
/// <see cref="OnReportBlock"/> from the receive loop under its RTCP lock.</para>
/// </summary>
public sealed class RoundTripTime
{
    private const double Gain = 1.0 / 8;

    private readonly TimeProvider _timeProvider;
    private readonly uint[] _sentLsr;
    private readonly long[] _sentAt;
    private int _next;
    private int _count;

    /// <param name="timeProvider">The clock whose timestamps are passed in.</param>
    /// <param name="history">How many sent SRs are remembered (default 64: one transport sends one per consumer per interval).</param>
    public RoundTripTime(TimeProvider timeProvider, int history = 64)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(history);
        _timeProvider = timeProvider;
        _sentLsr = new uint[history];
        _sentAt = new long[history];
    }

    /// <summary>True once one RTT sample was taken.</summary>
    public bool HasValue { get; private set; }

    /// <summary>The latest sample (zero before the first).</summary>
    public TimeSpan Latest { get; private set; }

    /// <summary>The smoothed RTT (zero before the first sample).</summary>
    public TimeSpan Smoothed { get; private set; }

    /// <summary>Records that an SR with <paramref name="ntpTimestamp"/> left at <paramref name="sentTimestamp"/> (a TimeProvider timestamp).</summary>
    public void OnSenderReportSent(ulong ntpTimestamp, long sentTimestamp)
    {
        _sentLsr[_next] = NtpTime.MiddleBits(ntpTimestamp);
        _sentAt[_next] = sentTimestamp;
        _next = (_next + 1) % _sentLsr.Length;
        _count = Math.Min(_count + 1, _sentLsr.Length);
    }

    /// <summary>
    /// Takes a sample from a report block's LSR and DLSR arriving at <paramref name="arrivalTimestamp"/>. False (no
    /// sample) when LSR is 0 (the peer has no SR of ours yet), unknown (too old), or the result would be negative.
    /// </summary>
    public bool OnReportBlock(uint lastSenderReport, uint delaySinceLastSenderReport, long arrivalTimestamp)
    {
        if (lastSenderReport == 0)
        {
            return false;
        }

        for (var i = 1; i <= _count; i++)
        {
            var slot = (_next - i + _sentLsr.Length) % _sentLsr.Length;
            if (_sentLsr[slot] != lastSenderReport)
            {
                continue;
            }

            var rtt = _timeProvider.GetElapsedTime(_sentAt[slot], arrivalTimestamp) - NtpTime.FromShortUnits(delaySinceLastSenderReport);
            if (rtt < TimeSpan.Zero)
            {
                return false;
            }

            Latest = rtt;
            Smoothed = HasValue ? Smoothed + ((rtt - Smoothed) * Gain) : rtt;
            HasValue = true;
            return true;
        }

        return false;
    }
}
