using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Parley.Signaling.Logging;

namespace Parley.Signaling.Sessions;

/// <summary>
/// The sessions whose sockets this silo holds. Used to say goodbye to all of them when the host stops, to count them,
/// and by <see cref="SessionDeadlines"/> to check their deadlines (a session is here from its start to its end).
/// Room events do not go through here: they reach sessions as Orleans grain observers.
/// </summary>
internal sealed class SessionRegistry(ILogger<SessionRegistry> logger)
{
    private static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<SignalingSession, byte> _sessions = new();
    // Sessions that logged in as resumable, live or suspended, by session id: what `resume` looks up (§13). They stay in
    // _sessions as well while suspended, so a shutdown ends them too.
    private readonly ConcurrentDictionary<string, SignalingSession> _resumable = new(StringComparer.Ordinal);
    private volatile bool _stopping;

    public bool IsStopping => _stopping;

    public int Count => _sessions.Count;

    public void Add(SignalingSession session) => _sessions.TryAdd(session, 0);

    /// <summary>The sessions of this node right now.</summary>
    public IReadOnlyCollection<SignalingSession> All => [.. _sessions.Keys];

    /// <summary>
    /// The sessions of this node, enumerated live (no copy): what <see cref="SessionDeadlines"/> walks every tick.
    /// Sessions added or removed meanwhile may or may not be seen.
    /// </summary>
    public IEnumerable<SignalingSession> Current
    {
        get
        {
            foreach (var pair in _sessions)
            {
                yield return pair.Key;
            }
        }
    }

    public void Remove(SignalingSession session) => _sessions.TryRemove(session, out _);

    /// <summary>Sessions suspended on this silo, waiting for a resume (counted, not tracked: the session knows its state).</summary>
    public int SuspendedCount => _resumable.Values.Count(session => session.IsSuspended);

    public void AddResumable(string sessionId, SignalingSession session) => _resumable[sessionId] = session;

    public void RemoveResumable(string sessionId, SignalingSession session) =>
        _resumable.TryRemove(new KeyValuePair<string, SignalingSession>(sessionId, session));

    /// <summary>The resumable session <paramref name="sessionId"/>, suspended or still live (a resume may take either over).</summary>
    public bool TryGetResumable(string sessionId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SignalingSession? session) =>
        _resumable.TryGetValue(sessionId, out session);

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
