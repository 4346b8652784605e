using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parley.Signaling.Nodes;

namespace Parley.Server.Admin;

/// <summary>
/// The cluster's nodes as they describe themselves (docs/admin-api.md, docs/cluster.md): silo address, public URL,
/// media addresses, start time and sessions held. A node that does not answer in time is listed as unreachable.
/// </summary>
internal static class AdminClusterEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/cluster/nodes", ListNodesAsync).WithName("ListClusterNodes").Produces<IReadOnlyList<ClusterNodeStatus>>();

    private static async Task<IResult> ListNodesAsync(ClusterNodes nodes, CancellationToken cancellationToken) =>
        Results.Ok(await nodes.ListAsync(cancellationToken));
}
