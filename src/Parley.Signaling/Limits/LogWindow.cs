namespace Parley.Signaling.Limits;

/// <summary>
/// Keeps one kind of log line from flooding: the first occurrence of a window is logged, the rest are counted, and the
/// count comes out (once) with the next occurrence after the window. Thread-safe; one per kind of line.
/// </summary>
internal sealed class LogWindow(TimeProvider time, TimeSpan window)
{
    private readonly Lock _gate = new();
    private long _windowStart = long.MinValue;
    private int _suppressed;

    public TimeSpan Window => window;

    /// <summary>True when this occurrence is to be logged; <paramref name="suppressed"/> is how many were not since the last one logged.</summary>
    public bool ShouldLog(out int suppressed)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (_windowStart != long.MinValue && time.GetElapsedTime(_windowStart, now) < window)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = _suppressed;
            _suppressed = 0;
            _windowStart = now;
            return true;
        }
    }
}
