using Orleans.Runtime;
using Parley.Signaling.Sessions;

namespace Parley.Signaling.Nodes;

/// <summary>
/// This node's <see cref="NodeInfo"/>, built on each ask from the host's <see cref="INodeAnnouncement"/> and the
/// sessions held here. Created when signaling is mapped, so <see cref="StartedAt"/> is the node's start (host clock).
/// </summary>
internal sealed class LocalNode(ILocalSiloDetails silo, TimeProvider time, SessionRegistry registry, Delivery.LocalSessions sessions, IServiceProvider services)
{
    private readonly INodeAnnouncement? _announcement = (INodeAnnouncement?)services.GetService(typeof(INodeAnnouncement));

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    public string Silo => silo.SiloAddress.ToParsableString();

    public NodeEndpoints Endpoints() => _announcement?.Describe() ?? NodeEndpoints.None;

    public NodeInfo Describe()
    {
        var endpoints = Endpoints();
        return new NodeInfo(Silo, endpoints.PublicUrl, endpoints.SignalingUrl, endpoints.MediaStarted, endpoints.MediaAddresses, StartedAt,
            sessions.UserCount(), Math.Max(0, registry.Count - registry.SuspendedCount));
    }
}
