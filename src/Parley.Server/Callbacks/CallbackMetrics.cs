using System.Diagnostics.Metrics;

namespace Parley.Server.Callbacks;

/// <summary>
/// The callbacks' meter <c>Parley.Callbacks</c> (docs/callbacks.md §7): <c>parley.callbacks</c> counts outbox events by
/// <c>outcome</c> — delivered, retried (an attempt failed and another is scheduled), dead (retries ran out), dropped
/// (never reached the outbox because this node's queue was full, pushed out of a full outbox into the dead letters, or
/// discarded because the app turned its callbacks off); <c>parley.callbacks.before_send</c> counts before-send calls by
/// <c>outcome</c> — allowed, rewritten, rejected, failed_open, failed_closed.
/// </summary>
public sealed class CallbackMetrics
{
    public const string MeterName = "Parley.Callbacks";

    private readonly Counter<long> _events;
    private readonly Counter<long> _beforeSend;

    public CallbackMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _events = Meter.CreateCounter<long>("parley.callbacks", "{event}", "Event callbacks by outcome: delivered, retried, dead, dropped.");
        _beforeSend = Meter.CreateCounter<long>("parley.callbacks.before_send", "{call}",
            "Before-send callbacks by outcome: allowed, rewritten, rejected, failed_open, failed_closed.");
    }

    /// <summary>This server's meter (one per service provider, so servers sharing a test process count apart).</summary>
    public Meter Meter { get; }

    public void Delivered() => Count("delivered");

    public void Retried() => Count("retried");

    public void Dead() => Count("dead");

    public void Dropped(long count = 1) => Count("dropped", count);

    public void BeforeSend(string outcome) => _beforeSend.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private void Count(string outcome, long count = 1) => _events.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
}
