using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Parley.Signaling.Limits;
using Parley.Testing;

namespace Parley.Server.Tests.Limits;

/// <summary>
/// Listens to <c>parley.limit.hits</c> and <c>parley.limit.untracked</c> of one server (its meter comes from that host's <see cref="IMeterFactory"/>, so
/// other servers of the test process are not heard) and sums them per <c>limit</c> tag.
/// </summary>
internal sealed class LimitHitRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _hits = new();
    private readonly ConcurrentDictionary<string, long> _untracked = new();

    public LimitHitRecorder(ParleyTestServer server)
    {
        var factory = server.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AbuseLimits.MeterName && ReferenceEquals(instrument.Meter.Scope, factory)
                && instrument.Name is AbuseLimits.HitsInstrument or AbuseLimits.UntrackedInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var sums = instrument.Name == AbuseLimits.HitsInstrument ? _hits : _untracked;
            foreach (var tag in tags)
            {
                if (tag.Key == "limit" && tag.Value is string limit)
                {
                    sums.AddOrUpdate(limit, value, (_, sum) => sum + value);
                }
            }
        });
        _listener.Start();
    }

    public long Hits(string limit) => _hits.TryGetValue(limit, out var count) ? count : 0;

    /// <summary>Requests <paramref name="limit"/> let through untracked because its table was full.</summary>
    public long Untracked(string limit) => _untracked.TryGetValue(limit, out var count) ? count : 0;

    public void Dispose() => _listener.Dispose();
}
