using Orleans.Concurrency;

namespace Parley.Signaling.Sessions.Relay;

/// <summary>This node's door for resumes relayed from other nodes; the work is <see cref="RelayedSessions"/>'. Stateless and reentrant.</summary>
[Reentrant]
[Delivery.SiloKeyedPlacement]
internal sealed class SessionRelayGrain(RelayedSessions sessions) : Grain, ISessionRelayGrain
{
    public Task<bool> Open(Guid relayId, string sessionId, string resumeToken, string rawRequestId, string? clientAddress, ISessionRelayObserver relay) =>
        Task.FromResult(sessions.TryOpen(relayId, sessionId, resumeToken, rawRequestId, clientAddress, relay));

    public Task<bool> Forward(Guid relayId, byte[] message, bool binary) => sessions.ForwardAsync(relayId, message, binary).AsTask();

    public Task End(Guid relayId, int closeStatus, string? closeDescription)
    {
        sessions.End(relayId, closeStatus, closeDescription);
        return Task.CompletedTask;
    }
}
