using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Parley.Server.Observability;

/// <summary>
/// Exports System.Diagnostics.Metrics instruments into a prometheus-net registry with their Prometheus types:
/// <c>Counter</c> and <c>ObservableCounter</c> as counters named <c>…_total</c>, up-down counters and gauges as gauges
/// (histograms are not exported). Names are the instrument's with '.' and '-' as '_' (<c>parley.media.rtp.bytes</c> →
/// <c>parley_media_rtp_bytes_total</c>), tags become labels.
/// <para>
/// Why not prometheus-net's MeterAdapter: it exports every .NET counter as a gauge (it cannot know an instrument will
/// not be recreated and start again from 0), which loses the type Prometheus' <c>rate()</c> users rely on, and which
/// promtool rejects for names ending in <c>_total</c>. Here every exported instrument lives as long as the host, and an
/// observed counter is raised to its reading (<c>IncTo</c>), never lowered.
/// </para>
/// <para>
/// Observable instruments are read once per scrape (before the registry collects), under one lock. Push instruments
/// (<c>Counter.Add</c>) go straight to the Prometheus child from the thread that adds; they are counted only where events
/// are rare next to packets (messages, feedback, failures).
/// </para>
/// </summary>
internal sealed class PrometheusMeterBridge : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly MetricFactory _factory;
    private readonly Func<Instrument, bool> _filter;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();                        // guards _exports and every observable's Pending
    private readonly Dictionary<string, ExportedMetric> _exports = new(StringComparer.Ordinal);
    private readonly List<ExportedMetric> _observables = [];
    private volatile bool _disposed;

    public PrometheusMeterBridge(CollectorRegistry registry, Func<Instrument, bool> filter, ILogger logger)
    {
        _factory = Metrics.WithCustomRegistry(registry);
        _filter = filter;
        _logger = logger;
        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<short>((instrument, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<byte>((instrument, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<float>((instrument, value, tags, state) => Record(state, value, tags));
        _listener.Start();
        registry.AddBeforeCollectCallback(CollectObservables);
    }

    public void Dispose()
    {
        _disposed = true;
        _listener.Dispose();
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_filter(instrument) || !TryClassify(instrument, out var kind))
        {
            return;
        }

        var name = PrometheusName(instrument.Name, kind);
        ExportedMetric export;
        lock (_gate)
        {
            if (_exports.TryGetValue(name, out var existing))
            {
                if (existing.Kind != kind)
                {
                    MetricsLog.NameTaken(_logger, instrument.Name, instrument.Meter.Name, name, existing.Kind.ToString());
                    return;
                }

                export = existing; // the same name again (another instance of a static meter): one series, summed
            }
            else
            {
                export = new ExportedMetric(name, instrument.Description ?? instrument.Name, kind, _factory);
                _exports.Add(name, export);
                if (kind.IsObservable())
                {
                    _observables.Add(export);
                }

                if (ExportedInstruments.KnownSeries.TryGetValue(instrument.Name, out var known))
                {
                    export.CreateKnownSeries(known.Tag, known.Values);
                }
            }
        }

        listener.EnableMeasurementEvents(instrument, export);
    }

    private void Record(object? state, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (state is not ExportedMetric export || _disposed)
        {
            return;
        }

        if (export.Kind.IsObservable())
        {
            // Only while CollectObservables holds _gate: RecordObservableInstruments calls back on its thread.
            export.AddPending(value, tags);
        }
        else
        {
            export.Push(value, tags);
        }
    }

    private void CollectObservables()
    {
        if (_disposed)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var export in _observables)
            {
                export.BeginObservation();
            }

            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                MetricsLog.ObserveFailed(_logger, exception);
            }

            foreach (var export in _observables)
            {
                export.EndObservation();
            }
        }
    }

    private static bool TryClassify(Instrument instrument, out ExportedKind kind)
    {
        kind = default;
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return false;
        }

        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>))
        {
            kind = ExportedKind.Counter;
        }
        else if (definition == typeof(ObservableCounter<>))
        {
            kind = ExportedKind.ObservableCounter;
        }
        else if (definition == typeof(UpDownCounter<>))
        {
            kind = ExportedKind.UpDownCounter;
        }
        else if (definition == typeof(Gauge<>))
        {
            kind = ExportedKind.Gauge;
        }
        else if (definition == typeof(ObservableGauge<>) || definition == typeof(ObservableUpDownCounter<>))
        {
            kind = ExportedKind.ObservableGauge;
        }
        else
        {
            return false; // histograms: not exported
        }

        return true;
    }

    /// <summary>The Prometheus name: lower case, '_' for anything outside [a-z0-9_], counters ending in <c>_total</c>.</summary>
    internal static string PrometheusName(string instrumentName, ExportedKind kind)
    {
        var name = LabelName(instrumentName);
        return kind.IsCounter() && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    internal static string LabelName(string name)
    {
        var chars = name.ToLowerInvariant().ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (chars[i] is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                chars[i] = '_';
            }
        }

        return chars.Length > 0 && char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }
}
