using Orleans.Concurrency;

namespace Parley.Signaling.Nodes;

/// <summary>Answers with this silo's <see cref="LocalNode"/>. Stateless and reentrant.</summary>
[Reentrant]
[Delivery.SiloKeyedPlacement]
internal sealed class NodeInfoGrain(LocalNode node) : Grain, INodeInfoGrain
{
    public Task<NodeInfo> Describe() => Task.FromResult(node.Describe());
}
