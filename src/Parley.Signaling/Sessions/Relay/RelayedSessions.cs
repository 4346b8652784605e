using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Parley.Signaling.Logging;

namespace Parley.Signaling.Sessions.Relay;

/// <summary>
/// The sessions of this node that run on a connection relayed from another node (<see cref="ISessionRelayGrain"/>), by
/// relay id. Singleton: the relay grain is only the door; the sockets live here for as long as their connections.
/// </summary>
internal sealed class RelayedSessions(SessionRegistry registry, ILogger<RelayedSessions> logger)
{
    private readonly ConcurrentDictionary<Guid, RelayedWebSocket> _sockets = new();

    /// <summary>Relayed connections open right now (diagnostics and tests).</summary>
    public int Count => _sockets.Count;

    /// <summary>Claims the resumable session with its token and runs it on a relayed socket; false when it is not here or refused.</summary>
    public bool TryOpen(Guid relayId, string sessionId, string resumeToken, string rawRequestId, string? clientAddress, ISessionRelayObserver relay)
    {
        if (registry.IsStopping || !registry.TryGetResumable(sessionId, out var session) || !session.TryBeginResume(resumeToken))
        {
            return false;
        }
        var socket = new RelayedWebSocket(relay);
        _sockets[relayId] = socket; // the relaying node makes a fresh Guid per attempt
        var address = IPAddress.TryParse(clientAddress, out var parsed) ? parsed : null;
        logger.ResumeRelayedHere(sessionId);
        // Off the relay grain's scheduler: the session runs on the thread pool like any other, not serialised with every
        // other relayed session of this node through one activation.
        _ = Task.Run(() => RunAsync(relayId, session, socket, address, rawRequestId));
        return true;
    }

    public ValueTask<bool> ForwardAsync(Guid relayId, byte[] message, bool binary) =>
        _sockets.TryGetValue(relayId, out var socket) ? socket.DeliverAsync(message, binary) : ValueTask.FromResult(false);

    public void End(Guid relayId, int closeStatus, string? closeDescription)
    {
        if (_sockets.TryGetValue(relayId, out var socket))
        {
            socket.DeliverEnd(closeStatus, closeDescription);
        }
    }

    private async Task RunAsync(Guid relayId, SignalingSession session, RelayedWebSocket socket, IPAddress? address, string rawRequestId)
    {
        try
        {
            await session.RunResumedAsync(socket, address, rawRequestId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.RequestFailed(ex, "relayed resume");
        }
        finally
        {
            _sockets.TryRemove(relayId, out _);
            socket.Abort();
        }
    }
}
