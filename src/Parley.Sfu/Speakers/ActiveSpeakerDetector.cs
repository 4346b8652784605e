using System.Collections.Concurrent;

namespace Parley.Sfu.Speakers;

/// <summary>
/// A room's active speakers from the RFC 6464 audio levels of its audio producers (0 = loudest, 0 dBov … 127 =
/// silence, −127 dBov). Each producer's level is the mean over the last <see cref="Window"/> (default 500 ms) of
/// the packets whose voice-activity flag is set (packets without voice are ignored); a producer counts as speaking
/// when at least <see cref="MinVoicedSamples"/> (default 5, i.e. 100 ms of 20 ms packets) voiced packets are in the
/// window and its mean is at least as loud as <see cref="ThresholdDbov"/> (default 60, i.e. −60 dBov). The
/// <see cref="MaxSpeakers"/> (default 3) loudest are reported, loudest first, with Level = (127 − dBov) × 100 / 127
/// rounded (0..100). <see cref="TryUpdate"/> reports at most every <see cref="MinInterval"/> (default 300 ms) and
/// only when the ordered list changed or a level moved by at least <see cref="LevelChangeThreshold"/> (default 10);
/// an empty list is reported when the last speaker falls quiet.
/// <para>Threading: <see cref="AddProducer"/>/<see cref="RemoveProducer"/> from signaling threads;
/// <see cref="OnAudioLevel"/> from the receive loops (allocation-free; per-producer lock); <see cref="TryUpdate"/>
/// from the router timer only.</para>
/// </summary>
public sealed class ActiveSpeakerDetector
{
    private readonly ConcurrentDictionary<string, AudioLevelHistory> _producers = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private ActiveSpeaker[] _reported = [];
    private bool _hasReported;
    private long _lastReportAt;

    /// <param name="timeProvider">The clock whose timestamps are passed as <c>now</c>.</param>
    /// <param name="maxSpeakers">How many speakers are reported at most (default 3).</param>
    /// <param name="thresholdDbov">Quietest mean level (−dBov, 0..127) that still counts as speaking (default 60).</param>
    /// <param name="window">Smoothing window (default 500 ms).</param>
    /// <param name="minInterval">Minimum interval between two reports (default 300 ms).</param>
    public ActiveSpeakerDetector(TimeProvider timeProvider, int maxSpeakers = 3, int thresholdDbov = 60, TimeSpan? window = null, TimeSpan? minInterval = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSpeakers);
        ArgumentOutOfRangeException.ThrowIfNegative(thresholdDbov);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(thresholdDbov, 127);
        _timeProvider = timeProvider;
        MaxSpeakers = maxSpeakers;
        ThresholdDbov = thresholdDbov;
        Window = window ?? TimeSpan.FromMilliseconds(500);
        MinInterval = minInterval ?? TimeSpan.FromMilliseconds(300);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Window, TimeSpan.Zero, nameof(window));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinInterval, TimeSpan.Zero, nameof(minInterval));
    }

    /// <summary>Voiced packets a producer needs within the window to count as speaking.</summary>
    public const int MinVoicedSamples = 5;

    /// <summary>Change of a reported level (0..100) that alone justifies a new report.</summary>
    public const int LevelChangeThreshold = 10;

    public int MaxSpeakers { get; }

    public int ThresholdDbov { get; }

    public TimeSpan Window { get; }

    public TimeSpan MinInterval { get; }

    /// <summary>The last reported speakers (empty before the first report).</summary>
    public IReadOnlyList<ActiveSpeaker> Current => _reported;

    /// <summary>Starts tracking an audio producer; adding one twice is a programming error.</summary>
    public void AddProducer(string producerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(producerId);
        if (!_producers.TryAdd(producerId, new AudioLevelHistory()))
        {
            throw new ArgumentException($"Producer {producerId} is already tracked.", nameof(producerId));
        }
    }

    /// <summary>Stops tracking a producer (closed); it leaves the speakers at the next report. False if unknown.</summary>
    public bool RemoveProducer(string producerId) => _producers.TryRemove(producerId, out _);

    /// <summary>
    /// One packet's audio level (RFC 6464: 0..127, −dBov) of <paramref name="producerId"/> at <paramref name="now"/>.
    /// <paramref name="voiceActivity"/> is the extension's V flag; pass true when the publisher did not negotiate
    /// VAD. Unknown producers and levels outside 0..127 are ignored (wire input). Allocation-free.
    /// </summary>
    public void OnAudioLevel(string producerId, int level, bool voiceActivity, long now)
    {
        if (!voiceActivity || level is < 0 or > 127 || !_producers.TryGetValue(producerId, out var history))
        {
            return;
        }

        history.Add((byte)level, now);
    }

    /// <summary>
    /// Ranks the producers at <paramref name="now"/>; returns true with the new list when a report is due (the
    /// list changed meaningfully and <see cref="MinInterval"/> passed since the last report).
    /// </summary>
    public bool TryUpdate(long now, out IReadOnlyList<ActiveSpeaker> speakers)
    {
        speakers = _reported;
        if (_hasReported && _timeProvider.GetElapsedTime(_lastReportAt, now) < MinInterval)
        {
            return false;
        }

        var since = now - (long)(Window.TotalSeconds * _timeProvider.TimestampFrequency);
        var ranked = new List<ActiveSpeaker>(MaxSpeakers + 1);
        var meanLevels = new List<double>(MaxSpeakers + 1);
        foreach (var (producerId, history) in _producers)
        {
            var (mean, samples) = history.Average(since);
            if (samples < MinVoicedSamples || mean > ThresholdDbov)
            {
                continue;
            }

            // Insert by loudness (lower -dBov first), ties by id so the order is stable.
            var index = 0;
            while (index < ranked.Count
                && (meanLevels[index] < mean || (meanLevels[index] == mean && string.CompareOrdinal(ranked[index].ProducerId, producerId) < 0)))
            {
                index++;
            }

            if (index >= MaxSpeakers)
            {
                continue;
            }

            ranked.Insert(index, new ActiveSpeaker(producerId, (int)Math.Round((127 - mean) * 100 / 127)));
            meanLevels.Insert(index, mean);
            if (ranked.Count > MaxSpeakers)
            {
                ranked.RemoveAt(MaxSpeakers);
                meanLevels.RemoveAt(MaxSpeakers);
            }
        }

        if (_hasReported && !ChangedMeaningfully(ranked))
        {
            return false;
        }

        if (!_hasReported && ranked.Count == 0)
        {
            return false; // nobody spoke yet: nothing to say
        }

        _reported = [.. ranked];
        _hasReported = true;
        _lastReportAt = now;
        speakers = _reported;
        return true;
    }

    private bool ChangedMeaningfully(List<ActiveSpeaker> ranked)
    {
        if (ranked.Count != _reported.Length)
        {
            return true;
        }

        for (var i = 0; i < ranked.Count; i++)
        {
            if (!string.Equals(ranked[i].ProducerId, _reported[i].ProducerId, StringComparison.Ordinal)
                || Math.Abs(ranked[i].Level - _reported[i].Level) >= LevelChangeThreshold)
            {
                return true;
            }
        }

        return false;
    }
}
