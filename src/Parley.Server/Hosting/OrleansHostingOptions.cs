namespace Parley.Server.Hosting;

/// <summary>Settings of the co-hosted Orleans silo, bound from the <c>Orleans</c> configuration section.</summary>
public sealed class OrleansHostingOptions
{
    public const string SectionName = "Orleans";

    /// <summary>The only clustering implemented so far: a single silo on this machine.</summary>
    public const string LocalhostClustering = "localhost";

    /// <summary>
    /// Membership mode. Only <c>localhost</c> is implemented; anything else fails at start. (Not named
    /// <c>Clustering</c>: Orleans itself reads <c>Orleans:Clustering</c> as its provider section.)
    /// </summary>
    public string ClusteringMode { get; set; } = LocalhostClustering;

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port.</summary>
    public int GatewayPort { get; set; } = 30000;

    public string ClusterId { get; set; } = "parley";

    public string ServiceId { get; set; } = "parley";
}
