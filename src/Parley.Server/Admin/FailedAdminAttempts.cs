using Microsoft.Extensions.Logging;
using Parley.Server.Hosting;

namespace Parley.Server.Admin;

/// <summary>
/// Logs refused admin-token attempts without letting a guesser flood the log: the first refusal of a window is logged
/// at once, the rest are counted, and the count is logged (once) with the next refusal after the window has passed.
/// Thread-safe.
/// </summary>
internal sealed class FailedAdminAttempts(TimeProvider time, ILogger<FailedAdminAttempts> logger)
{
    /// <summary>How long refusals are counted before the next summary line.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private long _windowStart = long.MinValue;
    private int _suppressed;

    public void Record(string path)
    {
        int suppressed;
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (_windowStart != long.MinValue && time.GetElapsedTime(_windowStart, now) < Window)
            {
                _suppressed++;
                return;
            }

            suppressed = _suppressed;
            _suppressed = 0;
            _windowStart = now;
        }

        if (suppressed > 0)
        {
            ServerLog.AdminUnauthorizedSuppressed(logger, suppressed, Window.TotalSeconds);
        }

        ServerLog.AdminUnauthorized(logger, path);
    }
}
