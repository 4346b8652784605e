namespace Parley.Sfu.Rtcp;

/// <summary>
/// At most one key-frame request per layer per interval (docs/sfu.md: 500 ms by default), so many subscribers
/// asking at once cost the publisher one key frame. A request inside the interval is remembered as pending
/// and becomes due when the interval has passed (<see cref="TakeDue"/>, polled by the router tick); a key frame
/// arriving on the layer settles it. Not thread-safe: guarded by the producer's lock.
/// </summary>
internal sealed class KeyFrameRequestThrottle
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(500);

    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly long[] _lastSentAt;
    private readonly bool[] _sentOnce;
    private readonly bool[] _pending;

    public KeyFrameRequestThrottle(int layerCount, TimeProvider time, TimeSpan? interval = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layerCount, 1);
        _time = time;
        _interval = interval ?? DefaultInterval;
        _lastSentAt = new long[layerCount];
        _sentOnce = new bool[layerCount];
        _pending = new bool[layerCount];
    }

    /// <summary>True: send a request for <paramref name="layer"/> now. False: one went out recently; this one is pending.</summary>
    public bool TryRequest(int layer)
    {
        if (_sentOnce[layer] && _time.GetElapsedTime(_lastSentAt[layer]) < _interval)
        {
            _pending[layer] = true;
            return false;
        }

        MarkSent(layer);
        return true;
    }

    /// <summary>True (and marks it sent) when a pending request for <paramref name="layer"/> may go out now.</summary>
    public bool TakeDue(int layer)
    {
        if (!_pending[layer] || (_sentOnce[layer] && _time.GetElapsedTime(_lastSentAt[layer]) < _interval))
        {
            return false;
        }

        MarkSent(layer);
        return true;
    }

    public bool IsPending(int layer) => _pending[layer];

    /// <summary>
    /// Marks a request for <paramref name="layer"/> as pending and due at once (used when a request could not be
    /// addressed yet, e.g. a simulcast layer whose SSRC is still unknown).
    /// </summary>
    public void MarkPending(int layer)
    {
        _pending[layer] = true;
        _sentOnce[layer] = false;
    }

    /// <summary>A key frame arrived on <paramref name="layer"/>: whatever was pending is satisfied.</summary>
    public void OnKeyFrame(int layer) => _pending[layer] = false;

    private void MarkSent(int layer)
    {
        _pending[layer] = false;
        _sentOnce[layer] = true;
        _lastSentAt[layer] = _time.GetTimestamp();
    }
}
