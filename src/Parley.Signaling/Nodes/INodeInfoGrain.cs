namespace Parley.Signaling.Nodes;

/// <summary>
/// One node's "who am I", addressed by the node: the key is the silo's address (<c>SiloAddress.ToParsableString()</c>)
/// and the grain is activated on exactly that silo (<see cref="Delivery.SiloKeyedPlacementAttribute"/>), like the
/// per-silo delivery step. <see cref="ClusterNodes"/> asks every active silo.
/// </summary>
[Alias("parley.INodeInfoGrain")]
public interface INodeInfoGrain : IGrainWithStringKey
{
    Task<NodeInfo> Describe();
}
