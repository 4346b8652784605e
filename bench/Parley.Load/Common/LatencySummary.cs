namespace Parley.Load.Common;

/// <summary>Latency percentiles of one operation, in milliseconds.</summary>
public sealed record LatencySummary(string Name, int Count, double MeanMs, double P50Ms, double P90Ms, double P99Ms, double MaxMs);
