namespace Parley.Server.Observability;

/// <summary>How an instrument is exported: its Prometheus type, and whether it is read at a scrape or pushed.</summary>
internal enum ExportedKind
{
    /// <summary><c>Counter&lt;T&gt;</c>: each <c>Add</c> increases a Prometheus counter.</summary>
    Counter,

    /// <summary><c>ObservableCounter&lt;T&gt;</c>: read at a scrape; the Prometheus counter is raised to the reading.</summary>
    ObservableCounter,

    /// <summary><c>UpDownCounter&lt;T&gt;</c>: each <c>Add</c> moves a Prometheus gauge.</summary>
    UpDownCounter,

    /// <summary><c>Gauge&lt;T&gt;</c>: each <c>Record</c> sets a Prometheus gauge.</summary>
    Gauge,

    /// <summary><c>ObservableGauge&lt;T&gt;</c> or <c>ObservableUpDownCounter&lt;T&gt;</c>: read at a scrape, set as a gauge.</summary>
    ObservableGauge,
}

internal static class ExportedKindExtensions
{
    public static bool IsCounter(this ExportedKind kind) => kind is ExportedKind.Counter or ExportedKind.ObservableCounter;

    public static bool IsObservable(this ExportedKind kind) => kind is ExportedKind.ObservableCounter or ExportedKind.ObservableGauge;
}
