using Prometheus;

namespace Parley.Server.Observability;

/// <summary>
/// One exported Prometheus metric family fed by one or more instruments of the same name. Its label names are the tag
/// keys of the first measurement (or of <see cref="ExportedInstruments.KnownSeries"/>); a later measurement's other
/// tags are summed over. Thread-safe for pushes; the observation methods run under the bridge's lock.
/// </summary>
internal sealed class ExportedMetric(string name, string help, ExportedKind kind, MetricFactory factory)
{
    private readonly Lock _createGate = new();
    private string[]? _tagKeys;          // the tags read, in the order of the (sorted) label names; set once
    private Counter? _counter;
    private Gauge? _gauge;

    // Observation of the current scrape, by label values joined; and for gauges every series seen, so one that is no
    // longer observed (a grain type with no activation left) reads 0 instead of its last value.
    private readonly Dictionary<string, (string[] Values, double Sum)> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _seen = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public ExportedKind Kind { get; } = kind;

    /// <summary>Creates the family with <paramref name="tag"/> as its one label (or none) and its series at 0.</summary>
    public void CreateKnownSeries(string? tag, string[] values)
    {
        Create(tag is null ? [] : [tag]);
        if (tag is null)
        {
            return; // an unlabelled family publishes its one series at 0 by itself
        }

        foreach (var value in values)
        {
            if (_counter is not null)
            {
                _counter.WithLabels(value);
            }
            else
            {
                _gauge!.WithLabels(value);
            }
        }
    }

    /// <summary>A push instrument's measurement: counters add, up-down counters move, gauges set.</summary>
    public void Push(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var values = Values(tags);
        switch (Kind)
        {
            case ExportedKind.Counter when value > 0:
                CounterChild(values).Inc(value);
                break;
            case ExportedKind.UpDownCounter:
                GaugeChild(values).Inc(value);
                break;
            case ExportedKind.Gauge:
                GaugeChild(values).Set(value);
                break;
        }
    }

    public void BeginObservation() => _pending.Clear();

    /// <summary>One observation of an observable instrument during a scrape; several of the same series add up.</summary>
    public void AddPending(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var values = Values(tags);
        var key = string.Join('\u001f', values);
        _pending[key] = (values, (_pending.TryGetValue(key, out var pending) ? pending.Sum : 0) + value);
    }

    /// <summary>Applies the scrape's observations: counters are raised to the reading (never lowered), gauges set.</summary>
    public void EndObservation()
    {
        foreach (var (key, (values, sum)) in _pending)
        {
            if (Kind == ExportedKind.ObservableCounter)
            {
                CounterChild(values).IncTo(sum);
            }
            else
            {
                GaugeChild(values).Set(sum);
                _seen[key] = values;
            }
        }

        if (Kind == ExportedKind.ObservableGauge)
        {
            foreach (var (key, values) in _seen)
            {
                if (!_pending.ContainsKey(key))
                {
                    GaugeChild(values).Set(0);
                }
            }
        }
    }

    private ICounter CounterChild(string[] values) => values.Length == 0 ? _counter! : _counter!.WithLabels(values);

    private IGauge GaugeChild(string[] values) => values.Length == 0 ? _gauge! : _gauge!.WithLabels(values);

    /// <summary>The label values of a measurement, creating the family from its tag keys if it does not exist yet.</summary>
    private string[] Values(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var keys = Volatile.Read(ref _tagKeys);
        if (keys is null)
        {
            var tagKeys = new string[tags.Length];
            for (int i = 0; i < tags.Length; i++)
            {
                tagKeys[i] = tags[i].Key;
            }

            keys = Create(tagKeys);
        }

        if (keys.Length == 0)
        {
            return [];
        }

        var values = new string[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            values[i] = "";
            foreach (var tag in tags)
            {
                if (tag.Key == keys[i])
                {
                    values[i] = tag.Value?.ToString() ?? "";
                    break;
                }
            }
        }

        return values;
    }

    private string[] Create(string[] tagKeys)
    {
        lock (_createGate)
        {
            if (_tagKeys is { } existing)
            {
                return existing;
            }

            var labels = tagKeys.Select(PrometheusMeterBridge.LabelName).ToArray();
            var keys = (string[])tagKeys.Clone();
            Array.Sort(labels, keys, StringComparer.Ordinal);
            if (Kind.IsCounter())
            {
                _counter = factory.CreateCounter(Name, help, labels);
            }
            else
            {
                _gauge = factory.CreateGauge(Name, help, labels);
            }

            Volatile.Write(ref _tagKeys, keys);
            return keys;
        }
    }
}
