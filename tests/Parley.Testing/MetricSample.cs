namespace Parley.Testing;

/// <summary>One sample line of the Prometheus text format.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
