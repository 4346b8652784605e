namespace Parley.Sfu.Forwarding;

/// <summary>
/// The last N packets of one producer stream, for answering NACKs. One slab (<c>slots × maxPacketSize</c>
/// bytes) allocated at creation and owned by this cache for its whole life; slot = sequence number mod N, so
/// a newer packet overwrites the one N numbers before it (16-bit wrap included, N a power of two dividing
/// 65536). Not thread-safe: the owning <c>ProducerStream</c> guards it with its lock.
/// </summary>
internal sealed class PacketCache
{
    private readonly byte[] _slab;
    private readonly int[] _lengths;      // 0 = empty slot
    private readonly ushort[] _sequenceNumbers;
    private readonly int _mask;

    public PacketCache(int slots, int maxPacketSize)
    {
        if (slots < 1 || slots > 32768 || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), "The slot count must be a power of two from 1 to 32768.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketSize, 12);
        MaxPacketSize = maxPacketSize;
        _slab = new byte[slots * maxPacketSize];
        _lengths = new int[slots];
        _sequenceNumbers = new ushort[slots];
        _mask = slots - 1;
    }

    public int Slots => _mask + 1;

    public int MaxPacketSize { get; }

    /// <summary>Copies <paramref name="packet"/> into the slot of <paramref name="sequenceNumber"/>; false (not stored) when too large.</summary>
    public bool Store(ushort sequenceNumber, ReadOnlySpan<byte> packet)
    {
        if (packet.Length > MaxPacketSize || packet.IsEmpty)
        {
            return false;
        }

        var slot = sequenceNumber & _mask;
        packet.CopyTo(_slab.AsSpan(slot * MaxPacketSize, MaxPacketSize));
        _lengths[slot] = packet.Length;
        _sequenceNumbers[slot] = sequenceNumber;
        return true;
    }

    /// <summary>True when the packet with <paramref name="sequenceNumber"/> is still cached.</summary>
    public bool Contains(ushort sequenceNumber)
    {
        var slot = sequenceNumber & _mask;
        return _lengths[slot] != 0 && _sequenceNumbers[slot] == sequenceNumber;
    }

    /// <summary>
    /// The cached packet (a view into the slab, writable so it can be parsed as an <c>RtpPacket</c>; callers do
    /// not modify it and must finish with it before releasing the owner's lock).
    /// </summary>
    public bool TryGet(ushort sequenceNumber, out Span<byte> packet)
    {
        var slot = sequenceNumber & _mask;
        if (_lengths[slot] == 0 || _sequenceNumbers[slot] != sequenceNumber)
        {
            packet = default;
            return false;
        }

        packet = _slab.AsSpan(slot * MaxPacketSize, _lengths[slot]);
        return true;
    }

    public void Clear() => Array.Clear(_lengths);
}
