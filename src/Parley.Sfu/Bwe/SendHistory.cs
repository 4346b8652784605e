namespace Parley.Sfu.Bwe;

/// <summary>
/// What a recv transport sent to its subscriber, by transport-wide sequence number: size and send time of each
/// packet, for <see cref="BandwidthEstimator"/> to match against the subscriber's transport-cc feedback. A ring of
/// <see cref="Capacity"/> entries (default 4096, about a second at 30 Mbps of 1,200-byte packets); older entries
/// are overwritten and then unknown to <see cref="TryGet"/>.
/// <para>Threading: not thread-safe. The transport calls <see cref="Record"/> under its send lock (any thread that
/// forwards) and the estimator reads it from the receive loop under the same lock. <see cref="Record"/> allocates
/// nothing.</para>
/// </summary>
public sealed class SendHistory
{
    private readonly int[] _sizes;
    private readonly long[] _sentAt;
    private readonly ushort[] _sequenceNumbers;
    private readonly bool[] _used;
    private readonly int _mask;

    /// <param name="capacity">Entries kept; a power of two between 16 and 65536.</param>
    public SendHistory(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 65536);
        if (!int.IsPow2(capacity))
        {
            throw new ArgumentException("The capacity must be a power of two.", nameof(capacity));
        }

        _sizes = new int[capacity];
        _sentAt = new long[capacity];
        _sequenceNumbers = new ushort[capacity];
        _used = new bool[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _sizes.Length;

    /// <summary>Packets recorded since creation.</summary>
    public long PacketsRecorded { get; private set; }

    /// <summary>Bytes recorded since creation.</summary>
    public long BytesRecorded { get; private set; }

    /// <summary>Records that the packet with transport-wide sequence number <paramref name="transportSequenceNumber"/> and <paramref name="size"/> bytes left at <paramref name="sentTimestamp"/> (a TimeProvider timestamp).</summary>
    public void Record(ushort transportSequenceNumber, int size, long sentTimestamp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var slot = transportSequenceNumber & _mask;
        _sequenceNumbers[slot] = transportSequenceNumber;
        _sizes[slot] = size;
        _sentAt[slot] = sentTimestamp;
        _used[slot] = true;
        PacketsRecorded++;
        BytesRecorded += size;
    }

    /// <summary>Size and send time of <paramref name="transportSequenceNumber"/>; false when it was never recorded or already overwritten.</summary>
    public bool TryGet(ushort transportSequenceNumber, out int size, out long sentTimestamp)
    {
        var slot = transportSequenceNumber & _mask;
        if (!_used[slot] || _sequenceNumbers[slot] != transportSequenceNumber)
        {
            size = 0;
            sentTimestamp = 0;
            return false;
        }

        size = _sizes[slot];
        sentTimestamp = _sentAt[slot];
        return true;
    }
}
