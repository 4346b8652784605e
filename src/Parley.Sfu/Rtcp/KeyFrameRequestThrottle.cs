namespace Parley.Sfu.Rtcp;

/// <summary>
/// Throttles key-frame requests (PLI/FIR) towards a publisher: at most one per layer per <see cref="Interval"/>
/// (default 500 ms). A request inside the interval is remembered as pending and sent by <see cref="TakeDue"/>
/// once the interval has passed, unless a key frame of that layer arrived meanwhile.
/// <para>Threading: not thread-safe. The producer calls it under its lock from signaling threads (consumer resume,
/// layer switch), the receive loop (a subscriber's PLI) and the router timer (<see cref="TakeDue"/>).</para>
/// </summary>
public sealed class KeyFrameRequestThrottle
{
    private readonly TimeProvider _timeProvider;
    private readonly long[] _lastSentAt;
    private readonly bool[] _sent;
    private readonly bool[] _pending;

    /// <param name="timeProvider">The clock whose timestamps are passed in.</param>
    /// <param name="layerCount">Spatial layers (encodings) of the producer, 1..3 usually.</param>
    /// <param name="interval">Minimum interval between two requests of one layer (default 500 ms).</param>
    public KeyFrameRequestThrottle(TimeProvider timeProvider, int layerCount, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layerCount);
        _timeProvider = timeProvider;
        Interval = interval ?? TimeSpan.FromMilliseconds(500);
        ArgumentOutOfRangeException.ThrowIfLessThan(Interval, TimeSpan.Zero, nameof(interval));
        _lastSentAt = new long[layerCount];
        _sent = new bool[layerCount];
        _pending = new bool[layerCount];
    }

    public TimeSpan Interval { get; }

    public int LayerCount => _pending.Length;

    /// <summary>True when a throttled request of <paramref name="layer"/> waits for <see cref="TakeDue"/>.</summary>
    public bool IsPending(int layer) => _pending[CheckLayer(layer)];

    /// <summary>
    /// Asks for a key frame of <paramref name="layer"/> at <paramref name="now"/>: true means send it now (and it is
    /// counted as sent); false means it was throttled and is now pending.
    /// </summary>
    public bool TryRequest(int layer, long now)
    {
        CheckLayer(layer);
        if (_sent[layer] && _timeProvider.GetElapsedTime(_lastSentAt[layer], now) < Interval)
        {
            _pending[layer] = true;
            return false;
        }

        MarkSent(layer, now);
        return true;
    }

    /// <summary>True when a pending request of <paramref name="layer"/> is due at <paramref name="now"/> (it is then counted as sent).</summary>
    public bool TakeDue(int layer, long now)
    {
        CheckLayer(layer);
        if (!_pending[layer] || _timeProvider.GetElapsedTime(_lastSentAt[layer], now) < Interval)
        {
            return false;
        }

        MarkSent(layer, now);
        return true;
    }

    /// <summary>A key frame of <paramref name="layer"/> arrived: a pending request is no longer needed.</summary>
    public void OnKeyFrame(int layer) => _pending[CheckLayer(layer)] = false;

    private void MarkSent(int layer, long now)
    {
        _sent[layer] = true;
        _pending[layer] = false;
        _lastSentAt[layer] = now;
    }

    private int CheckLayer(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, _pending.Length);
        return layer;
    }
}
