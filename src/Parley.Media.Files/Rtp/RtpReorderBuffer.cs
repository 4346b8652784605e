using Parley.Rtp;

namespace Parley.Media.Files.Rtp;

/// <summary>
/// Puts one RTP stream's packets back in sequence order over a small window, and gives up on a missing packet once the
/// packets behind it have waited <see cref="MaxDelay"/> (time for a NACK to bring it back) or the window is full. Packets
/// come out of <see cref="TryDequeue"/> in order, each with the number of packets given up just before it.
/// </summary>
/// <remarks>
/// The buffer owns the packets it holds and those waiting in its output; a packet refused by <see cref="TryAdd"/> stays
/// the caller's. Not thread-safe: one thread (the recorder's writer) drives it.
/// </remarks>
public sealed class RtpReorderBuffer
{
    private readonly RecordedPacket[] _slots;
    private readonly bool[] _present;
    private readonly long[] _extended;
    private readonly Queue<(RecordedPacket Packet, int LostBefore)> _ready = new();
    private SequenceNumberUnwrapper _unwrapper;
    private bool _started;
    private bool _warming;
    private TimeSpan _firstArrival;
    private long _next;
    private long _highest;
    private int _count;
    private int _lostPending;

    /// <param name="capacity">Window in packets (a power of two): how far ahead of a hole packets are held.</param>
    /// <param name="maxDelay">How long packets wait behind a hole before it is given up.</param>
    public RtpReorderBuffer(int capacity, TimeSpan maxDelay)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The window is a power of two, at least 2.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, TimeSpan.Zero);
        _slots = new RecordedPacket[capacity];
        _present = new bool[capacity];
        _extended = new long[capacity];
        MaxDelay = maxDelay;
    }

    public TimeSpan MaxDelay { get; }

    public int Capacity => _slots.Length;

    /// <summary>Packets held (waiting behind a hole or in the output).</summary>
    public int Count => _count + _ready.Count;

    /// <summary>Packets given up on (never arrived within the window).</summary>
    public long PacketsLost { get; private set; }

    /// <summary>Packets that arrived after their place had been given out or given up.</summary>
    public long PacketsLate { get; private set; }

    public long PacketsDuplicated { get; private set; }

    /// <summary>
    /// Adds a packet at <paramref name="now"/> (the recording's timeline) and releases what is now in order. False when it
    /// is late or a duplicate: the caller keeps it (and returns its buffer).
    /// </summary>
    public bool TryAdd(in RecordedPacket packet, TimeSpan now)
    {
        var extended = _unwrapper.Unwrap(packet.SequenceNumber);
        if (!_started)
        {
            _started = true;
            _warming = true;
            _firstArrival = packet.Arrival;
            _next = extended;
            _highest = extended;
        }

        if (extended < _next && _warming && _highest - extended < _slots.Length)
        {
            // The stream's first packets overtook an earlier one: nothing has come out yet, so it still has its place.
            _next = extended;
        }

        if (extended < _next)
        {
            PacketsLate++;
            return false;
        }

        if (extended >= _next + _slots.Length)
        {
            MakeRoomFor(extended);
        }

        var slot = (int)(extended & (_slots.Length - 1));
        if (_present[slot])
        {
            PacketsDuplicated++;
            return false;
        }

        _slots[slot] = packet;
        _present[slot] = true;
        _extended[slot] = extended;
        _highest = Math.Max(_highest, extended);
        _count++;
        Release(now, force: false);
        return true;
    }

    /// <summary>Releases packets whose hole has waited long enough; called on a timer so a stream that stops still drains.</summary>
    public void Poll(TimeSpan now) => Release(now, force: false);

    /// <summary>Releases everything held, giving up on every hole (the stream ends).</summary>
    public void Flush() => Release(TimeSpan.MaxValue, force: true);

    /// <summary>The next packet in order, with how many packets were given up just before it.</summary>
    public bool TryDequeue(out RecordedPacket packet, out int lostBefore)
    {
        if (_ready.TryDequeue(out var entry))
        {
            packet = entry.Packet;
            lostBefore = entry.LostBefore;
            return true;
        }

        packet = default;
        lostBefore = 0;
        return false;
    }

    /// <summary>Drops everything held (returning the buffers) and starts over with the next packet (a new stream).</summary>
    public void Clear()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_present[i])
            {
                _slots[i].Return();
                _present[i] = false;
                _slots[i] = default;
            }
        }

        while (_ready.TryDequeue(out var entry))
        {
            entry.Packet.Return();
        }

        _count = 0;
        _lostPending = 0;
        _started = false;
        _warming = false;
        _unwrapper = default;
    }

    private void MakeRoomFor(long extended)
    {
        _warming = false;
        // The window is full: give up on holes (and release what is held) until the new packet fits.
        while (extended >= _next + _slots.Length)
        {
            if (_count == 0)
            {
                var skipped = extended - _next;
                PacketsLost += skipped;
                _lostPending += (int)Math.Min(skipped, int.MaxValue - _lostPending);
                _next = extended;
                return;
            }

            var slot = (int)(_next & (_slots.Length - 1));
            if (_present[slot])
            {
                Emit(slot);
            }
            else
            {
                SkipToFirstHeld();
            }
        }
    }

    private void Release(TimeSpan now, bool force)
    {
        if (_warming)
        {
            // The first packets wait a moment for any that overtook them (the stream's start decides where it begins).
            if (!force && now - _firstArrival < MaxDelay)
            {
                return;
            }

            _warming = false;
        }

        while (_count > 0)
        {
            var slot = (int)(_next & (_slots.Length - 1));
            if (_present[slot])
            {
                Emit(slot);
                continue;
            }

            var first = FirstHeldSlot();
            if (!force && now - _slots[first].Arrival < MaxDelay)
            {
                return;
            }

            SkipToFirstHeld();
        }
    }

    private void Emit(int slot)
    {
        _ready.Enqueue((_slots[slot], _lostPending));
        _lostPending = 0;
        _present[slot] = false;
        _slots[slot] = default;
        _count--;
        _next++;
    }

    private void SkipToFirstHeld()
    {
        var first = FirstHeldSlot();
        var skipped = _extended[first] - _next;
        PacketsLost += skipped;
        _lostPending += (int)Math.Min(skipped, int.MaxValue - _lostPending);
        _next = _extended[first];
    }

    /// <summary>The held packet nearest after <see cref="_next"/> (there is one: <see cref="_count"/> &gt; 0).</summary>
    private int FirstHeldSlot()
    {
        for (long extended = _next; ; extended++)
        {
            var slot = (int)(extended & (_slots.Length - 1));
            if (_present[slot])
            {
                return slot;
            }
        }
    }
}
