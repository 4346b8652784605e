using Microsoft.Extensions.Logging;
using Parley.Signaling.Logging;

namespace Parley.Signaling.Sessions;

/// <summary>
/// The one clock of every session of this node: a single periodic timer that, every <see cref="Tick"/>, asks each
/// session in the <see cref="SessionRegistry"/> whether a deadline of its own has passed — the login deadline (4010),
/// heartbeat silence (4003) and userSig expiry (4002, R2.3/R2.4); see <c>SignalingSession.Deadlines.cs</c>.
/// <para>
/// Why not a timer per session: with thousands of idle connections, three <see cref="ITimer"/>s each (and the callback
/// state they keep) were a measurable part of a session's memory (docs/benchmarks.md). Here a session costs only the
/// registry entry it has anyway and a few fields; a deadline is noticed up to one tick after it passes.
/// </para>
/// <para>
/// Race safety: the sweep enumerates the registry's concurrent dictionary, which tolerates sessions being added and
/// removed meanwhile; a session that ended (or is closing) while the sweep reaches it ignores the check, and every
/// action a check takes (<c>RequestClose</c>) is idempotent. Ticks never overlap: a slow sweep makes the next one skip.
/// </para>
/// </summary>
internal sealed class SessionDeadlines : IDisposable
{
    /// <summary>How often deadlines are checked, so also how late past its deadline a session may be closed at most.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly SessionRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionDeadlines> _logger;
    private readonly ITimer _timer;
    private int _sweeping;

    public SessionDeadlines(SessionRegistry registry, TimeProvider time, ILogger<SessionDeadlines> logger)
    {
        _registry = registry;
        _time = time;
        _logger = logger;
        // Created lazily, perhaps inside the first connection's request: that request's execution context (its
        // logging scope, Activity, HttpContext) must not be captured by a timer that lives as long as the node.
        var suppress = !ExecutionContext.IsFlowSuppressed();
        var flow = suppress ? ExecutionContext.SuppressFlow() : default;
        try
        {
            _timer = time.CreateTimer(static s => ((SessionDeadlines)s!).Sweep(), this, Tick, Tick);
        }
        finally
        {
            if (suppress)
            {
                flow.Undo();
            }
        }
    }

    /// <summary>One tick: every session of the node checks its deadlines against the same moment.</summary>
    internal void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return;
        }
        try
        {
            var timestamp = _time.GetTimestamp();
            var utcNow = _time.GetUtcNow();
            foreach (var session in _registry.Current)
            {
                session.CheckDeadlines(timestamp, utcNow);
            }
        }
        catch (Exception ex)
        {
            _logger.DeadlineSweepFailed(ex);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    public void Dispose() => _timer.Dispose();
}
