using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Parley.Signaling.Logging;

namespace Parley.Signaling.Sessions;

/// <summary>
/// The sessions whose sockets this silo holds. Used to say goodbye to all of them when the host stops, and to count
/// them. Room events do not go through here: they reach sessions as Orleans grain observers.
/// </summary>
internal sealed class SessionRegistry(ILogger<SessionRegistry> logger)
{
    private static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<SignalingSession, byte> _sessions = new();
    // Sessions waiting for a resume (docs/protocol.md §13), by session id. They stay in _sessions as well, so a
    // shutdown ends them too.
    private readonly ConcurrentDictionary<string, SignalingSession> _suspended = new(StringComparer.Ordinal);
    private volatile bool _stopping;

    public bool IsStopping => _stopping;

    public int Count => _sessions.Count;

    public void Add(SignalingSession session) => _sessions.TryAdd(session, 0);

    public void Remove(SignalingSession session) => _sessions.TryRemove(session, out _);

    /// <summary>Sessions suspended on this silo, waiting for a resume.</summary>
    public int SuspendedCount => _suspended.Count;

    public void Suspend(string sessionId, SignalingSession session) => _suspended[sessionId] = session;

    public bool TryGetSuspended(string sessionId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SignalingSession? session) =>
        _suspended.TryGetValue(sessionId, out session);

    /// <summary>Forgets <paramref name="session"/> as suspended (a newer entry under the same id is left alone).</summary>
    public void RemoveSuspended(string sessionId, SignalingSession session) =>
        _suspended.TryRemove(new KeyValuePair<string, SignalingSession>(sessionId, session));

    /// <summary>
    /// ApplicationStopping callback: every session gets serverShuttingDown and close 1001. Blocks (bounded) until the
    /// sessions have left their rooms, because after this callback the silo itself starts stopping.
    /// </summary>
    public void ShutdownAll()
    {
        _stopping = true;
        var sessions = _sessions.Keys.ToArray();
        logger.ShuttingDown(sessions.Length);
        foreach (var session in sessions)
        {
            session.BeginShutdown();
        }
        Task.WhenAll(sessions.Select(s => s.Completion)).Wait(ShutdownWait);
    }
}
