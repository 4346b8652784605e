using System.Collections.Concurrent;
using Parley.Signaling.Observability;

namespace Parley.Server.Callbacks;

/// <summary>
/// What the callbacks count (docs/callbacks.md §7, docs/metrics.md): each outcome goes to the exported, process-wide
/// <see cref="ParleyInstruments"/> counters — <c>parley.callbacks{outcome}</c> (delivered, retried, dead, dropped) and
/// <c>parley.callbacks.before_send{outcome}</c> — and to this host's own tallies (<see cref="this[string]"/>), which
/// tests and diagnostics read without the other servers of a test process mixing in.
/// </summary>
public sealed class CallbackMetrics
{
    private readonly ConcurrentDictionary<string, long> _tallies = new(StringComparer.Ordinal);

    /// <summary>This host's count of an outcome (of either counter) since start.</summary>
    public long this[string outcome] => _tallies.GetValueOrDefault(outcome);

    public void Delivered() => Count(ParleyInstruments.CallbackOutcomes.Delivered);

    public void Retried() => Count(ParleyInstruments.CallbackOutcomes.Retried);

    public void Dead() => Count(ParleyInstruments.CallbackOutcomes.Dead);

    public void Dropped(long count = 1) => Count(ParleyInstruments.CallbackOutcomes.Dropped, count);

    /// <summary>One before-send verdict: one of <see cref="ParleyInstruments.BeforeSendOutcomes"/>.</summary>
    public void BeforeSend(string outcome)
    {
        ParleyInstruments.CountBeforeSend(outcome);
        _tallies.AddOrUpdate(outcome, 1, (_, old) => old + 1);
    }

    private void Count(string outcome, long count = 1)
    {
        ParleyInstruments.CountCallbacks(outcome, count);
        _tallies.AddOrUpdate(outcome, count, (_, old) => old + count);
    }
}
