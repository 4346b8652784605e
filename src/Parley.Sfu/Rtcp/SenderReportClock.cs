namespace Parley.Sfu.Rtcp;

/// <summary>
/// The NTP↔RTP mapping of one publisher stream, learned from its sender reports, and the NTP/RTP pair of the SR we
/// send to a consumer of that stream: NTP = our wall clock now, RTP = the publisher's RTP clock extrapolated to now
/// (its last SR's RTP timestamp plus the time since that SR arrived, in the clock rate) plus the consumer's
/// timestamp offset. Audio and video of one publisher are extrapolated the same way from their own SRs, so a
/// subscriber's lip sync follows the publisher's.
/// <para>Threading: not thread-safe. The producer stream calls <see cref="OnSenderReport"/> from the receive loop
/// under its lock; consumers read <see cref="TryGetSenderReport"/> from the router timer under the same lock.</para>
/// </summary>
public sealed class SenderReportClock
{
    private readonly TimeProvider _timeProvider;
    private ulong _ntpTimestamp;
    private uint _rtpTimestamp;
    private long _arrival;

    /// <param name="clockRate">The stream's RTP clock rate.</param>
    /// <param name="timeProvider">Our clock: timestamps passed in come from it, and our NTP time is its UTC now.</param>
    public SenderReportClock(int clockRate, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ClockRate = clockRate;
        _timeProvider = timeProvider;
    }

    public int ClockRate { get; }

    /// <summary>True once a sender report arrived; before that no SR can be produced for consumers.</summary>
    public bool HasMapping { get; private set; }

    /// <summary>The publisher's NTP timestamp of its last SR (0 before the first).</summary>
    public ulong LastNtpTimestamp => _ntpTimestamp;

    /// <summary>The publisher's RTP timestamp of its last SR.</summary>
    public uint LastRtpTimestamp => _rtpTimestamp;

    /// <summary>Learns a publisher's SR for this stream, arrived at <paramref name="arrivalTimestamp"/> (a TimeProvider timestamp).</summary>
    public void OnSenderReport(ulong ntpTimestamp, uint rtpTimestamp, long arrivalTimestamp)
    {
        _ntpTimestamp = ntpTimestamp;
        _rtpTimestamp = rtpTimestamp;
        _arrival = arrivalTimestamp;
        HasMapping = true;
    }

    /// <summary>The publisher's RTP timestamp at the publisher's NTP time <paramref name="ntpTimestamp"/>; false without a mapping.</summary>
    public bool TryMapNtpToRtp(ulong ntpTimestamp, out uint rtpTimestamp)
    {
        rtpTimestamp = 0;
        if (!HasMapping)
        {
            return false;
        }

        rtpTimestamp = Advance(_rtpTimestamp, NtpTime.Difference(ntpTimestamp, _ntpTimestamp));
        return true;
    }

    /// <summary>The publisher's RTP timestamp extrapolated to our time <paramref name="timestamp"/>; false without a mapping.</summary>
    public bool TryGetRtpTimestampAt(long timestamp, out uint rtpTimestamp)
    {
        rtpTimestamp = 0;
        if (!HasMapping)
        {
            return false;
        }

        rtpTimestamp = Advance(_rtpTimestamp, _timeProvider.GetElapsedTime(_arrival, timestamp));
        return true;
    }

    /// <summary>
    /// The NTP and RTP timestamps of an SR sent now to a consumer whose output timestamps are the publisher's plus
    /// <paramref name="timestampOffset"/>; false until the publisher sent an SR. Packet and octet counts are the
    /// consumer's own.
    /// </summary>
    public bool TryGetSenderReport(uint timestampOffset, out ulong ntpTimestamp, out uint rtpTimestamp)
    {
        ntpTimestamp = 0;
        if (!TryGetRtpTimestampAt(_timeProvider.GetTimestamp(), out rtpTimestamp))
        {
            return false;
        }

        ntpTimestamp = NtpTime.FromDateTimeOffset(_timeProvider.GetUtcNow());
        rtpTimestamp = unchecked(rtpTimestamp + timestampOffset);
        return true;
    }

    private uint Advance(uint rtpTimestamp, TimeSpan elapsed) =>
        unchecked(rtpTimestamp + (uint)(long)Math.Round(elapsed.TotalSeconds * ClockRate));
}
