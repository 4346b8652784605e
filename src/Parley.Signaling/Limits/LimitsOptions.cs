namespace Parley.Signaling.Limits;

/// <summary>
/// Abuse limits of this node (docs/limits.md, docs/configuration.md "Limits"); bound to the <c>Limits</c> section and
/// validated at start. The defaults are meant never to refuse legitimate traffic: per address they allow a large office
/// behind one NAT starting a meeting at once, per app they lie above what one node sustains (docs/benchmarks.md), so
/// they matter once an operator lowers them for a tenant.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Limits";

    /// <summary>False turns every limit of this section off (forwarded-header handling stays).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Reverse proxies (addresses or CIDR ranges) whose <c>X-Forwarded-For</c> names the client. Empty: the header is
    /// ignored and the TCP peer is the client. Applies to the whole server (signaling, REST, echo).
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>Client addresses or CIDR ranges never limited per address (an app backend, a load generator).</summary>
    public string[] ExemptAddresses { get; set; } = [];

    /// <summary>
    /// Loopback clients (127.0.0.0/8, ::1) are not limited per address: a local reverse proxy without
    /// <see cref="TrustedProxies"/> would otherwise put every user in one bucket. Per-app limits still apply.
    /// </summary>
    public bool ExemptLoopback { get; set; } = true;

    /// <summary>IPv6 clients are counted per network of this prefix length (a host usually holds a whole /64).</summary>
    public int Ipv6PrefixLength { get; set; } = 64;

    /// <summary>
    /// Most partitions (addresses or apps) one limit tracks at once. A full table lets requests of new partitions pass
    /// untracked (counted as <c>parley.limit.untracked</c>) rather than grow: memory stays bounded under address spraying.
    /// </summary>
    public int MaxTrackedPartitions { get; set; } = 50_000;

    /// <summary>How often refilled (full) buckets and addresses without connections are dropped.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    public RateLimitSettings LoginPerAddress { get; set; } = new() { PerSecond = 10, Burst = 100 };

    public RateLimitSettings LoginPerApp { get; set; } = new() { PerSecond = 1_000, Burst = 10_000 };

    public RateLimitSettings JoinPerAddress { get; set; } = new() { PerSecond = 20, Burst = 200 };

    public RateLimitSettings JoinPerApp { get; set; } = new() { PerSecond = 5_000, Burst = 50_000 };

    public RateLimitSettings MessagePerAddress { get; set; } = new() { PerSecond = 100, Burst = 1_000 };

    public RateLimitSettings MessagePerApp { get; set; } = new() { PerSecond = 10_000, Burst = 100_000 };

    public RateLimitSettings RestPerAddress { get; set; } = new() { PerSecond = 200, Burst = 2_000 };

    public RateLimitSettings RestPerApp { get; set; } = new() { PerSecond = 1_000, Burst = 10_000 };

    public ConnectionLimitSettings ConnectionsPerAddress { get; set; } = new();

    /// <summary>The settings of a rate limit (every <see cref="AbuseLimit"/> but <see cref="AbuseLimit.ConnectionsPerAddress"/>).</summary>
    public RateLimitSettings RateOf(AbuseLimit limit) => limit switch
    {
        AbuseLimit.LoginPerAddress => LoginPerAddress,
        AbuseLimit.LoginPerApp => LoginPerApp,
        AbuseLimit.JoinPerAddress => JoinPerAddress,
        AbuseLimit.JoinPerApp => JoinPerApp,
        AbuseLimit.MessagePerAddress => MessagePerAddress,
        AbuseLimit.MessagePerApp => MessagePerApp,
        AbuseLimit.RestPerAddress => RestPerAddress,
        AbuseLimit.RestPerApp => RestPerApp,
        _ => throw new ArgumentOutOfRangeException(nameof(limit), limit, "not a rate limit"),
    };
}
