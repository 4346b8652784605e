namespace Parley.Testing;

/// <summary>Settings of one node of a test cluster on loopback: PostgreSQL storage and the given membership mode.</summary>
public static class ClusterNode
{
    public static Dictionary<string, string?> Settings(string database, string clusteringMode, string clusterId) => new()
    {
        ["Storage:Provider"] = "postgres",
        ["Storage:ConnectionString"] = database,
        ["Orleans:ClusteringMode"] = clusteringMode,
        ["Orleans:AdvertisedAddress"] = "127.0.0.1",
        ["Orleans:ClusterId"] = clusterId,
    };
}
