namespace Parley.Signaling.Limits;

/// <summary>
/// Why a request was refused by an abuse limit: which limit, its tag value (<see cref="LimitNames"/>), the error code
/// to answer with, and when a permit will be back (null for the connection limit: that depends on other connections).
/// </summary>
public readonly record struct LimitRefusal(AbuseLimit Limit, string Name, int Code, TimeSpan? RetryAfter)
{
    /// <summary><see cref="RetryAfter"/> in whole milliseconds, rounded up (at least 1), for <c>error.data.retryAfterMs</c>.</summary>
    public long? RetryAfterMs => RetryAfter is { } wait ? Math.Max(1, (long)Math.Ceiling(wait.TotalMilliseconds)) : null;
}
