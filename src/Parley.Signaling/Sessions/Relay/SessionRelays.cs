using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Parley.Signaling.Logging;

namespace Parley.Signaling.Sessions.Relay;

/// <summary>
/// Resumes that arrive at this node for a session another node holds (docs/protocol.md §13, docs/cluster.md): behind a
/// load balancer, or after the client failed over to another URL of its list while the old node lives on. Every other
/// active node is asked to take the session (<see cref="ISessionRelayGrain.Open"/>); the one holding it answers and the
/// connection is relayed there for its life (<see cref="RelayLink"/>). Singleton; tracks its links so a stopping node
/// hands their sessions back (suspended) and tells their clients to reconnect.
/// </summary>
internal sealed class SessionRelays(IGrainFactory grains, Nodes.ClusterNodes nodes, ILogger<SessionRelays> logger)
{
    private readonly ConcurrentDictionary<RelayLink, byte> _links = new();

    /// <summary>Links open right now (diagnostics and tests).</summary>
    public int Count => _links.Count;

    /// <summary>
    /// Finds the node holding <paramref name="sessionId"/> and has it resume the session on a connection relayed from
    /// <paramref name="client"/>; null when no node holds it or the token is refused. The session's answer to the resume
    /// is the first thing the link sends once it runs.
    /// </summary>
    public async Task<RelayLink?> TryOpenAsync(WebSocket client, SignalingOptions options, string sessionId, string resumeToken,
        string rawRequestId, IPAddress? clientAddress)
    {
        var silos = nodes.OtherActiveSilos();
        if (silos.Count == 0)
        {
            return null;
        }
        var link = new RelayLink(client, options, logger);
        var reference = grains.CreateObjectReference<ISessionRelayObserver>(link);
        var relayId = Guid.NewGuid();
        var address = clientAddress?.ToString();
        var attempts = silos.Select(async silo =>
        {
            var node = grains.GetGrain<ISessionRelayGrain>(silo);
            try
            {
                return await node.Open(relayId, sessionId, resumeToken, rawRequestId, address, reference).WaitAsync(Nodes.ClusterNodes.NodeTimeout)
                    ? (node, silo) : default;
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException)
            {
                return default;
            }
        }).ToList();
        while (attempts.Count > 0)
        {
            var done = await Task.WhenAny(attempts);
            attempts.Remove(done);
            var (holder, silo) = await done;
            if (holder is not null)
            {
                link.Attach(holder, relayId, sessionId, reference);
                logger.ResumeRelayedTo(sessionId, silo!);
                return link;
            }
        }
        grains.DeleteObjectReference<ISessionRelayObserver>(reference);
        return null;
    }

    /// <summary>Runs an opened link until either side ends it.</summary>
    public async Task RunAsync(RelayLink link)
    {
        _links.TryAdd(link, 0);
        try
        {
            await link.RunAsync();
        }
        finally
        {
            _links.TryRemove(link, out _);
            grains.DeleteObjectReference<ISessionRelayObserver>(link.Reference!);
        }
    }

    /// <summary>This node stops: every relayed session is handed back as dropped, every client told to reconnect.</summary>
    public Task ShutDownAllAsync()
    {
        var goodbye = SignalingSession.ShuttingDownNotice();
        return Task.WhenAll(_links.Keys.Select(link => link.ShutDownAsync(goodbye)));
    }
}
