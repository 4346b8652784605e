namespace Parley.Signaling.Nodes;

/// <summary>
/// The host's side of "who am I" (<see cref="INodeInfoGrain"/>): this node's public signaling URL and media addresses.
/// Parley.Server registers one (<c>Cluster:PublicUrl</c>, the media port); without one the node announces nothing.
/// Called on each ask; must be cheap and must not throw.
/// </summary>
public interface INodeAnnouncement
{
    NodeEndpoints Describe();
}
