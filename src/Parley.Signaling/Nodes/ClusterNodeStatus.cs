namespace Parley.Signaling.Nodes;

/// <summary>
/// One active node of the cluster as the admin API lists it (<c>GET /api/cluster/nodes</c>): <paramref name="Self"/>
/// is the node that answered the call; a node that did not answer in time is <paramref name="Reachable"/> false and
/// carries only its silo address.
/// </summary>
public sealed record ClusterNodeStatus(
    string Silo,
    bool Self,
    bool Reachable,
    string? PublicUrl,
    string? SignalingUrl,
    bool? MediaStarted,
    IReadOnlyList<NodeMediaAddress>? MediaAddresses,
    DateTimeOffset? StartedAt,
    int? Sessions,
    int? Connections)
{
    public static ClusterNodeStatus Answered(NodeInfo info, bool self) =>
        new(info.Silo, self, true, info.PublicUrl, info.SignalingUrl, info.MediaStarted, info.MediaAddresses, info.StartedAt, info.Sessions, info.Connections);

    public static ClusterNodeStatus Unreachable(string silo) => new(silo, false, false, null, null, null, null, null, null, null);
}
