namespace Parley.Sfu.Rtcp;

/// <summary>
/// 64-bit NTP timestamps as RTCP carries them (RFC 3550 §4: seconds since 1900-01-01 UTC in the high word, binary
/// fraction in the low word) and their middle 32 bits (16.16 seconds, the LSR/DLSR unit). Pure functions; any thread.
/// </summary>
public static class NtpTime
{
    private static readonly DateTimeOffset Epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The NTP timestamp of <paramref name="time"/> (wraps in 2036 as NTP era 0 does).</summary>
    public static ulong FromDateTimeOffset(DateTimeOffset time)
    {
        var ticks = (ulong)(time - Epoch).Ticks; // 100 ns units
        var seconds = ticks / TimeSpan.TicksPerSecond;
        var fraction = ((ticks % TimeSpan.TicksPerSecond) << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>The middle 32 bits (what an RR's LSR field carries for an SR with this timestamp).</summary>
    public static uint MiddleBits(ulong ntpTimestamp) => (uint)(ntpTimestamp >> 16);

    /// <summary>A duration in 1/65536 s (the DLSR unit), clamped to 0..uint.MaxValue.</summary>
    public static uint ToShortUnits(TimeSpan duration) => (uint)Math.Clamp(duration.TotalSeconds * 65536, 0, uint.MaxValue);

    /// <summary>A duration given in 1/65536 s.</summary>
    public static TimeSpan FromShortUnits(uint units) => TimeSpan.FromSeconds(units / 65536.0);

    /// <summary>The signed difference <paramref name="later"/> − <paramref name="earlier"/> of two NTP timestamps.</summary>
    public static TimeSpan Difference(ulong later, ulong earlier) =>
        TimeSpan.FromSeconds(unchecked((long)(later - earlier)) / 4294967296.0);
}
