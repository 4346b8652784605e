namespace Parley.Signaling.Sessions;

/// <summary>
/// A token bucket: starts full with <c>burst</c> tokens, refills at <c>ratePerSecond</c>, one token per message.
/// A mutable struct held in a field of its one owner (a session's receive loop), so it is never copied or shared.
/// </summary>
internal struct TokenBucket
{
    private double _tokens;
    private long _lastTimestamp;
    private bool _started;

    public bool TryTake(TimeProvider timeProvider, double ratePerSecond, int burst) => TryTake(timeProvider, ratePerSecond, burst, 1);

    /// <summary>Takes <paramref name="cost"/> tokens (e.g. bytes) if that many are there; else takes nothing.</summary>
    public bool TryTake(TimeProvider timeProvider, double ratePerSecond, int burst, double cost)
    {
        var now = timeProvider.GetTimestamp();
        if (!_started)
        {
            _started = true;
            _tokens = burst;
        }
        else
        {
            var refill = timeProvider.GetElapsedTime(_lastTimestamp, now).TotalSeconds * ratePerSecond;
            _tokens = Math.Min(burst, _tokens + refill);
        }
        _lastTimestamp = now;
        if (_tokens >= cost)
        {
            _tokens -= cost;
            return true;
        }
        return false;
    }

    /// <summary>Gives back tokens taken for an action that was then refused by another limit.</summary>
    public void Refund(double cost) => _tokens += cost;
}
