using Parley.Rtp;
using Parley.Rtp.Rtcp;

namespace Parley.Sfu.Rtcp;

/// <summary>
/// Generic NACK generation for one incoming RTP stream (RFC 4585 §6.2.1): learns the sequence numbers that
/// arrive, turns gaps into missing entries, and hands out the ones due for a (re)request: the first request at
/// the next <see cref="CollectNacks"/> (call it right after a <see cref="NackPacketResult.Gap"/>), retries paced by
/// max(RTT, <see cref="MinRetryInterval"/>), given up after <see cref="MaxRetries"/> requests, when older than
/// <see cref="MaxAge"/>, or when more than 10,000 sequence numbers behind the newest. A gap larger than the
/// capacity clears everything and asks for a key frame (<see cref="NackPacketResult.KeyFrameNeeded"/>).
/// <para>Threading: not thread-safe. The producer stream calls <see cref="OnPacket"/> on the receive loop and
/// <see cref="CollectNacks"/>/<see cref="WriteNack"/> there or from the router timer, under the stream's lock.
/// Storage is allocated once in the constructor; nothing allocates afterwards.</para>
/// </summary>
public sealed class NackGenerator
{
    /// <summary>Missing entries further than this behind the newest sequence number are dropped (libwebrtc's limit).</summary>
    public const int MaxSequenceAge = 10_000;

    private const long Removed = long.MinValue; // tombstone: extended sequence numbers can be negative

    private readonly TimeProvider _timeProvider;

    // Missing entries in ascending extended sequence order, as a ring: [_head, _head + _count).
    // A recovered entry is left as a tombstone (Removed) and skipped; tombstones at the head are popped.
    private readonly long[] _extended;
    private readonly long[] _detectedAt;
    private readonly long[] _lastRequestAt;
    private readonly int[] _requests;
    private readonly ushort[] _scratch; // CollectNacks output for WriteNack; owned here, reused every call
    private int _head;
    private int _count;
    private int _live;

    private SequenceNumberUnwrapper _unwrapper;
    private bool _started;
    private long _highest;

    /// <param name="timeProvider">The clock whose timestamps are passed as <c>now</c>.</param>
    /// <param name="capacity">How many missing packets can be tracked; a larger gap asks for a key frame (default 1000).</param>
    /// <param name="maxRetries">Requests per missing packet before giving up (default 10).</param>
    /// <param name="maxAge">Age after which a missing packet is given up (default 1 s).</param>
    /// <param name="minRetryInterval">Shortest interval between two requests of one packet (default 20 ms), used when the RTT is smaller.</param>
    public NackGenerator(
        TimeProvider timeProvider,
        int capacity = 1000,
        int maxRetries = 10,
        TimeSpan? maxAge = null,
        TimeSpan? minRetryInterval = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxSequenceAge);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRetries);
        _timeProvider = timeProvider;
        MaxRetries = maxRetries;
        MaxAge = maxAge ?? TimeSpan.FromSeconds(1);
        MinRetryInterval = minRetryInterval ?? TimeSpan.FromMilliseconds(20);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxAge, TimeSpan.Zero, nameof(maxAge));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinRetryInterval, TimeSpan.Zero, nameof(minRetryInterval));
        Capacity = capacity;
        _extended = new long[capacity];
        _detectedAt = new long[capacity];
        _lastRequestAt = new long[capacity];
        _requests = new int[capacity];
        _scratch = new ushort[capacity];
    }

    public int Capacity { get; }

    public int MaxRetries { get; }

    public TimeSpan MaxAge { get; }

    public TimeSpan MinRetryInterval { get; }

    /// <summary>Sequence numbers currently missing (not recovered, not given up).</summary>
    public int MissingCount => _live;

    /// <summary>Missing packets given up on (retries or age exhausted) since creation.</summary>
    public long GivenUp { get; private set; }

    /// <summary>Missing packets that arrived later since creation.</summary>
    public long Recovered { get; private set; }

    /// <summary>Learns one arriving packet (original or retransmitted) at <paramref name="now"/> (a TimeProvider timestamp).</summary>
    public NackPacketResult OnPacket(ushort sequenceNumber, long now)
    {
        if (!_started)
        {
            _started = true;
            _highest = _unwrapper.Unwrap(sequenceNumber);
            return NackPacketResult.InOrder;
        }

        var extended = _unwrapper.Unwrap(sequenceNumber);
        if (extended == _highest + 1)
        {
            _highest = extended;
            return NackPacketResult.InOrder;
        }

        if (extended > _highest)
        {
            var gap = extended - _highest - 1;
            if (gap > Capacity - _live)
            {
                Clear();
                _highest = extended;
                return NackPacketResult.KeyFrameNeeded;
            }

            for (var missing = _highest + 1; missing < extended; missing++)
            {
                Append(missing, now);
            }

            _highest = extended;
            return NackPacketResult.Gap;
        }

        return Remove(extended) ? NackPacketResult.Recovered : NackPacketResult.Duplicate;
    }

    /// <summary>
    /// Writes into <paramref name="destination"/>, in ascending order, the missing sequence numbers due for a
    /// request at <paramref name="now"/> given the round-trip time <paramref name="rtt"/>, and counts each as
    /// requested. Drops the ones given up on first. Returns how many were written (stops when the span is full).
    /// </summary>
    public int CollectNacks(long now, TimeSpan rtt, Span<ushort> destination)
    {
        var retryInterval = rtt > MinRetryInterval ? rtt : MinRetryInterval;
        var written = 0;
        for (var i = 0; i < _count && written < destination.Length; i++)
        {
            var slot = (_head + i) % Capacity;
            var extended = _extended[slot];
            if (extended == Removed)
            {
                continue;
            }

            if (_requests[slot] >= MaxRetries
                || _highest - extended > MaxSequenceAge
                || _timeProvider.GetElapsedTime(_detectedAt[slot], now) > MaxAge)
            {
                Tombstone(slot);
                GivenUp++;
                continue;
            }

            if (_requests[slot] > 0 && _timeProvider.GetElapsedTime(_lastRequestAt[slot], now) < retryInterval)
            {
                continue;
            }

            _requests[slot]++;
            _lastRequestAt[slot] = now;
            destination[written++] = (ushort)extended;
        }

        PopTombstones();
        return written;
    }

    /// <summary>
    /// <see cref="CollectNacks"/> packed into one RTCP generic NACK (PID + BLP entries) in
    /// <paramref name="destination"/>; returns the bytes written, 0 when nothing is due. The destination must hold
    /// 12 + 4 bytes per entry (at most 12 + 4 × <see cref="Capacity"/>).
    /// </summary>
    public int WriteNack(Span<byte> destination, uint senderSsrc, uint mediaSsrc, long now, TimeSpan rtt)
    {
        var count = CollectNacks(now, rtt, _scratch);
        return count == 0 ? 0 : RtcpGenericNack.Write(destination, senderSsrc, mediaSsrc, _scratch.AsSpan(0, count));
    }

    /// <summary>Forgets every missing packet (e.g. after a key frame made them useless).</summary>
    public void Clear()
    {
        _head = 0;
        _count = 0;
        _live = 0;
    }

    private void Append(long extended, long now)
    {
        if (_count == Capacity)
        {
            Compact(); // only tombstones can fill the ring here: OnPacket checked the live count
        }

        var slot = (_head + _count) % Capacity;
        _extended[slot] = extended;
        _detectedAt[slot] = now;
        _lastRequestAt[slot] = now;
        _requests[slot] = 0;
        _count++;
        _live++;
    }

    private bool Remove(long extended)
    {
        // Binary search over the ring in sequence order; tombstones keep their position but not their value,
        // so probe to the nearest live neighbour.
        int low = 0, high = _count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var probe = middle;
            while (probe <= high && _extended[(_head + probe) % Capacity] == Removed)
            {
                probe++;
            }

            if (probe > high)
            {
                high = middle - 1;
                continue;
            }

            var value = _extended[(_head + probe) % Capacity];
            if (value == extended)
            {
                Tombstone((_head + probe) % Capacity);
                Recovered++;
                PopTombstones();
                return true;
            }

            if (value < extended)
            {
                low = probe + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }

    private void Tombstone(int slot)
    {
        _extended[slot] = Removed;
        _live--;
    }

    private void PopTombstones()
    {
        while (_count > 0 && _extended[_head] == Removed)
        {
            _head = (_head + 1) % Capacity;
            _count--;
        }

        if (_count == 0)
        {
            _head = 0;
        }
    }

    private void Compact()
    {
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            var from = (_head + i) % Capacity;
            if (_extended[from] == Removed)
            {
                continue;
            }

            // Writing slot kept (relative to the head) never overtakes reading slot i, as kept <= i.
            var to = (_head + kept) % Capacity;
            _extended[to] = _extended[from];
            _detectedAt[to] = _detectedAt[from];
            _lastRequestAt[to] = _lastRequestAt[from];
            _requests[to] = _requests[from];
            kept++;
        }

        _count = kept;
    }
}
