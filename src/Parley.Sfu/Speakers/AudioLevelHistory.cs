namespace Parley.Sfu.Speakers;

/// <summary>
/// The recent RFC 6464 levels of one audio producer, for <see cref="ActiveSpeakerDetector"/>: a ring of the last
/// <see cref="Capacity"/> samples (20 ms Opus packets: 1.28 s). Written by the producer's receive loop, read by the
/// router timer; guarded by a private lock, uncontended except when the two meet.
/// </summary>
internal sealed class AudioLevelHistory
{
    public const int Capacity = 64;

    private readonly Lock _gate = new();
    private readonly long[] _at = new long[Capacity];
    private readonly byte[] _level = new byte[Capacity];
    private int _next;
    private int _count;

    public void Add(byte level, long now)
    {
        lock (_gate)
        {
            _at[_next] = now;
            _level[_next] = level;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }
    }

    /// <summary>The mean -dBov of the samples newer than <paramref name="since"/>, and how many there were.</summary>
    public (double MeanLevel, int Samples) Average(long since)
    {
        lock (_gate)
        {
            var sum = 0;
            var samples = 0;
            for (var i = 1; i <= _count; i++)
            {
                var slot = (_next - i + Capacity) % Capacity;
                if (_at[slot] < since)
                {
                    break; // newest first: the rest are older still
                }

                sum += _level[slot];
                samples++;
            }

            return samples == 0 ? (127, 0) : ((double)sum / samples, samples);
        }
    }
}
