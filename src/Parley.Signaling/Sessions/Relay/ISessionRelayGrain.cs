namespace Parley.Signaling.Sessions.Relay;

/// <summary>
/// The node side of a resume that arrived at another node (docs/protocol.md §13.4, docs/cluster.md): a client whose
/// session is suspended on this node reconnected through a load balancer or its URL list to a different node. That node
/// finds this one by asking every node's relay grain to <see cref="Open"/> the session, then relays the client's
/// frames here (<see cref="Forward"/>) while this node's session sends its frames back through the
/// <see cref="ISessionRelayObserver"/>. Keyed by the silo's address and activated on exactly that silo
/// (<see cref="Delivery.SiloKeyedPlacementAttribute"/>), like the per-silo delivery step.
/// </summary>
[Alias("parley.ISessionRelayGrain")]
public interface ISessionRelayGrain : IGrainWithStringKey
{
    /// <summary>
    /// Resumes session <paramref name="sessionId"/> of this node on a relayed connection when it is here and
    /// <paramref name="resumeToken"/> is its token; the session's answer to request <paramref name="rawRequestId"/> is
    /// the first frame sent to <paramref name="relay"/>. False: not here, or refused (the token works once, as on one node).
    /// </summary>
    Task<bool> Open(Guid relayId, string sessionId, string resumeToken, string rawRequestId, string? clientAddress, ISessionRelayObserver relay);

    /// <summary>
    /// One whole WebSocket message from the client, in order (the caller awaits each before the next). False: the
    /// relayed session is gone from this node (it ended); the caller cuts the client off.
    /// </summary>
    Task<bool> Forward(Guid relayId, byte[] message, bool binary);

    /// <summary>
    /// The client's side ended: its close frame's <paramref name="closeStatus"/> (1000–4999), or 0 when its connection
    /// dropped without one (the session is then suspended again, waiting for another resume).
    /// </summary>
    Task End(Guid relayId, int closeStatus, string? closeDescription);
}
