namespace Parley.Sfu.Forwarding;

/// <summary>
/// Remembers, per output sequence number, how a consumer's packet was made, so a NACK for it can rebuild the
/// same bytes from the producer's packet cache. A fixed ring allocated at creation (slot = output seq mod N).
/// Not thread-safe: guarded by the consumer's lock.
/// </summary>
internal sealed class Sequencer
{
    private readonly SequencerEntry[] _entries;
    private readonly bool[] _used;
    private readonly int _mask;

    public Sequencer(int size = 1024)
    {
        if (size < 1 || size > 32768 || (size & (size - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), "The size must be a power of two from 1 to 32768.");
        }

        _entries = new SequencerEntry[size];
        _used = new bool[size];
        _mask = size - 1;
    }

    public void Record(in SequencerEntry entry)
    {
        var slot = entry.OutputSequenceNumber & _mask;
        _entries[slot] = entry;
        _used[slot] = true;
    }

    public bool TryGet(ushort outputSequenceNumber, out SequencerEntry entry)
    {
        var slot = outputSequenceNumber & _mask;
        entry = _entries[slot];
        return _used[slot] && entry.OutputSequenceNumber == outputSequenceNumber;
    }
}
