namespace Parley.Server.Hosting;

/// <summary>Settings of the co-hosted Orleans silo, bound from the <c>Orleans</c> configuration section.</summary>
public sealed class OrleansHostingOptions
{
    public const string SectionName = "Orleans";

    /// <summary>A single silo on this machine (the default).</summary>
    public const string LocalhostClustering = "localhost";

    /// <summary>Membership in the store's PostgreSQL database (needs <c>Storage:Provider=postgres</c>).</summary>
    public const string PostgresClustering = "postgres";

    /// <summary>Orleans' Redis membership (needs <see cref="RedisConnectionString"/>).</summary>
    public const string RedisClustering = "redis";

    /// <summary>
    /// Membership mode: <c>localhost</c>, <c>postgres</c> or <c>redis</c> (docs/cluster.md). (Not named
    /// <c>Clustering</c>: Orleans itself reads <c>Orleans:Clustering</c> as its provider section.)
    /// </summary>
    public string ClusteringMode { get; set; } = LocalhostClustering;

    /// <summary>StackExchange.Redis configuration string for <c>redis</c> membership, e.g. <c>redis1:6379,password=…</c>.</summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>
    /// The IP address other nodes reach this node's silo at (cluster modes). Empty: the first up, non-loopback IPv4
    /// address of the machine.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>How long a silo waits for a probe answer; three missed probes make a node suspect (cluster modes).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port.</summary>
    public int GatewayPort { get; set; } = 30000;

    public string ClusterId { get; set; } = "parley";

    public string ServiceId { get; set; } = "parley";
}
