namespace Parley.Sfu.Quality;

/// <summary>
/// Maps measured loss, round-trip time and jitter to the vendor's 0–5 network-quality scale (docs/protocol.md §11:
/// 0 unknown, 1 excellent, 2 good, 3 poor, 4 bad, 5 very bad). The seed names the scale but gives no numbers, so
/// Parley's thresholds are these (each measure is rated on its own; the result is the worst of the known ones):
/// <code>
/// level       loss      RTT        jitter
/// excellent   ≤ 2%      ≤ 150 ms   ≤ 30 ms
/// good        ≤ 5%      ≤ 300 ms   ≤ 50 ms
/// poor        ≤ 10%     ≤ 500 ms   ≤ 100 ms
/// bad         ≤ 20%     ≤ 1000 ms  ≤ 200 ms
/// very bad    more
/// </code>
/// Unknown when nothing was measured yet. Pure functions; any thread (the router timer every 2 s).
/// </summary>
public static class NetworkQuality
{
    private static readonly double[] LossLimits = [0.02, 0.05, 0.10, 0.20];
    private static readonly double[] RttLimitsMs = [150, 300, 500, 1000];
    private static readonly double[] JitterLimitsMs = [30, 50, 100, 200];

    /// <summary>
    /// The quality for <paramref name="lossFraction"/> (0..1), <paramref name="roundTripTime"/> and
    /// <paramref name="jitter"/>; null means "not measured" and is left out. All null → <see cref="NetworkQualityLevel.Unknown"/>.
    /// </summary>
    public static NetworkQualityLevel Rate(double? lossFraction, TimeSpan? roundTripTime, TimeSpan? jitter)
    {
        var worst = NetworkQualityLevel.Unknown;
        if (lossFraction is { } loss)
        {
            worst = Worse(worst, Grade(loss, LossLimits));
        }

        if (roundTripTime is { } rtt)
        {
            worst = Worse(worst, Grade(rtt.TotalMilliseconds, RttLimitsMs));
        }

        if (jitter is { } j)
        {
            worst = Worse(worst, Grade(j.TotalMilliseconds, JitterLimitsMs));
        }

        return worst;
    }

    /// <summary>The RR's 8-bit fraction lost (0..255) as a fraction 0..1.</summary>
    public static double FromFractionLost(byte fractionLost) => fractionLost / 256.0;

    private static NetworkQualityLevel Grade(double value, double[] limits)
    {
        for (var i = 0; i < limits.Length; i++)
        {
            if (value <= limits[i])
            {
                return (NetworkQualityLevel)(i + 1);
            }
        }

        return NetworkQualityLevel.VeryBad;
    }

    private static NetworkQualityLevel Worse(NetworkQualityLevel a, NetworkQualityLevel b) => a > b ? a : b;
}
