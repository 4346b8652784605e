namespace Parley.Cli.Admin;

/// <summary>The cluster's nodes (docs/cluster.md).</summary>
internal sealed partial class AdminApiClient
{
    public Task<List<ClusterNodeDto>> ListClusterNodesAsync(CancellationToken cancellationToken) =>
        SendAsync<List<ClusterNodeDto>>(HttpMethod.Get, "api/cluster/nodes", null, cancellationToken);
}
