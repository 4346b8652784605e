using System.Diagnostics;

namespace Parley.Load.Common;

/// <summary>
/// Collects operation latencies from many workers. Samples go into a preallocated array (one slot per operation,
/// claimed with Interlocked) so recording on the measured path neither locks nor allocates; the array is owned by
/// the recorder and read only after the workers stopped.
/// </summary>
public sealed class LatencyRecorder(string name, int capacity)
{
    private readonly long[] _ticks = new long[Math.Max(capacity, 1)];
    private int _count;
    private long _dropped;

    public string Name { get; } = name;

    public int Count => Math.Min(Volatile.Read(ref _count), _ticks.Length);

    /// <summary>Records the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/> value).</summary>
    public void RecordSince(long startTimestamp)
    {
        var elapsed = Stopwatch.GetTimestamp() - startTimestamp;
        var slot = Interlocked.Increment(ref _count) - 1;
        if (slot < _ticks.Length)
        {
            _ticks[slot] = elapsed;
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Percentiles of what was recorded; call after the workers finished.</summary>
    public LatencySummary Summarize()
    {
        var count = Count;
        if (count == 0)
        {
            return new LatencySummary(Name, 0, 0, 0, 0, 0, 0);
        }
        var sorted = _ticks.AsSpan(0, count).ToArray();
        Array.Sort(sorted);
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        double Percentile(double p) => Ms(sorted[Math.Min(count - 1, (int)Math.Ceiling(p * count) - 1)]);
        var mean = sorted.Average(t => Ms(t));
        return new LatencySummary(Name, count, mean, Percentile(0.50), Percentile(0.90), Percentile(0.99), Ms(sorted[^1]));
    }
}
