namespace Parley.Signaling.Limits;

/// <summary>
/// One token bucket per partition (a client address or an app): it starts full with <see cref="Burst"/> permits and
/// refills at <see cref="PerSecond"/>; a request takes one permit or is refused. Bound to <c>Limits:&lt;Name&gt;</c>.
/// </summary>
public sealed class RateLimitSettings
{
    /// <summary>False turns this limit off (nothing is counted or refused).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sustained permits per second (fractions allowed: 0.5 is one every two seconds).</summary>
    public double PerSecond { get; set; }

    /// <summary>Bucket size: how many requests may come at once after a quiet spell.</summary>
    public int Burst { get; set; }
}
