namespace Parley.Sfu.Bwe;

/// <summary>
/// Splits a recv transport's available outgoing bitrate among its consumers: audio first (always, it is small and
/// matters most), then each unpaused video consumer's lowest active layer while it fits, then upgrades one layer
/// at a time, round-robin over the video consumers, up to each one's preferred layer while the increment fits.
/// <para>Hysteresis: a consumer already allocated may step up at most one layer per round, and only after its
/// layer has been stable for the back-off (initially <see cref="StablePeriod"/>, default 3 s). A step-up that has
/// to be undone within <see cref="StablePeriod"/> was a failed probe: the back-off doubles, up to
/// <see cref="MaxBackoff"/> (default 30 s); a step-up that holds resets it. Going down is immediate. A new
/// consumer takes the highest layer that fits at once.</para>
/// <para>Threading: stateless apart from its settings; the recv transport calls <see cref="Allocate"/> from the
/// router timer (about every 500 ms) under its lock. Allocation-free: the caller owns every span.</para>
/// </summary>
public sealed class LayerAllocator
{
    private readonly TimeProvider _timeProvider;

    /// <param name="timeProvider">The clock whose timestamps are passed as <c>now</c>.</param>
    /// <param name="stablePeriod">How long a layer must hold before the next step-up (default 3 s).</param>
    /// <param name="maxBackoff">Longest wait after repeated failed step-ups (default 30 s).</param>
    public LayerAllocator(TimeProvider timeProvider, TimeSpan? stablePeriod = null, TimeSpan? maxBackoff = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        StablePeriod = stablePeriod ?? TimeSpan.FromSeconds(3);
        MaxBackoff = maxBackoff ?? TimeSpan.FromSeconds(30);
        ArgumentOutOfRangeException.ThrowIfLessThan(StablePeriod, TimeSpan.Zero, nameof(stablePeriod));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, StablePeriod, nameof(maxBackoff));
    }

    public TimeSpan StablePeriod { get; }

    public TimeSpan MaxBackoff { get; }

    /// <summary>
    /// One allocation round at <paramref name="now"/>. <paramref name="states"/> (one per consumer, same order as
    /// <paramref name="consumers"/>) carries each consumer's previous layer in and its new layer out. Returns the
    /// bitrate allocated (bits/s; may exceed <paramref name="availableBitrate"/> by the audio alone).
    /// </summary>
    public long Allocate(long availableBitrate, ReadOnlySpan<LayerConsumer> consumers, ReadOnlySpan<long> layerBitrates, Span<LayerAllocationState> states, long now)
    {
        if (states.Length != consumers.Length)
        {
            throw new ArgumentException("One state per consumer.", nameof(states));
        }

        foreach (var consumer in consumers)
        {
            if (consumer.LayerCount < 1 || consumer.FirstBitrateIndex < 0 || consumer.FirstBitrateIndex + consumer.LayerCount > layerBitrates.Length)
            {
                throw new ArgumentException("A consumer's layers lie outside the bitrate span.", nameof(consumers));
            }
        }

        // Audio first, whatever the budget.
        long used = 0;
        for (var i = 0; i < consumers.Length; i++)
        {
            if (consumers[i].Kind == MediaKind.Audio)
            {
                var bitrate = consumers[i].Paused ? -1 : Math.Max(0, layerBitrates[consumers[i].FirstBitrateIndex]);
                states[i].Layer = bitrate < 0 ? -1 : 0;
                used += Math.Max(0, bitrate);
            }
        }

        // Working layers of this round live in the states' Layer; the previous ones are read from a copy first.
        Span<int> previous = consumers.Length <= 256 ? stackalloc int[consumers.Length] : new int[consumers.Length];
        for (var i = 0; i < consumers.Length; i++)
        {
            previous[i] = states[i].Layer;
            if (consumers[i].Kind == MediaKind.Video)
            {
                states[i].Layer = -1;
            }
        }

        // The lowest active layer of each video consumer, in order, while it fits.
        for (var i = 0; i < consumers.Length; i++)
        {
            if (!IsAllocatableVideo(consumers[i]))
            {
                continue;
            }

            var lowest = NextActiveLayer(consumers[i], layerBitrates, -1, Ceiling(consumers[i], previous[i], states[i], now));
            if (lowest >= 0 && used + Bitrate(consumers[i], layerBitrates, lowest) <= availableBitrate)
            {
                states[i].Layer = lowest;
                used += Bitrate(consumers[i], layerBitrates, lowest);
            }
        }

        // Upgrades, one layer per consumer per pass, until nothing more fits.
        bool upgraded;
        do
        {
            upgraded = false;
            for (var i = 0; i < consumers.Length; i++)
            {
                if (!IsAllocatableVideo(consumers[i]) || states[i].Layer < 0)
                {
                    continue;
                }

                var current = states[i].Layer;
                var next = NextActiveLayer(consumers[i], layerBitrates, current, Ceiling(consumers[i], previous[i], states[i], now));
                if (next < 0)
                {
                    continue;
                }

                var increment = Bitrate(consumers[i], layerBitrates, next) - Bitrate(consumers[i], layerBitrates, current);
                if (used + increment <= availableBitrate)
                {
                    states[i].Layer = next;
                    used += increment;
                    upgraded = true;
                }
            }
        }
        while (upgraded);

        for (var i = 0; i < consumers.Length; i++)
        {
            if (consumers[i].Kind == MediaKind.Video)
            {
                UpdateHysteresis(ref states[i], previous[i], now);
            }
        }

        return used;
    }

    private static bool IsAllocatableVideo(in LayerConsumer consumer) => consumer.Kind == MediaKind.Video && !consumer.Paused && consumer.PreferredLayer >= 0;

    private static long Bitrate(in LayerConsumer consumer, ReadOnlySpan<long> layerBitrates, int layer) => layerBitrates[consumer.FirstBitrateIndex + layer];

    /// <summary>The first active layer above <paramref name="above"/> and at most <paramref name="ceiling"/>, or -1.</summary>
    private static int NextActiveLayer(in LayerConsumer consumer, ReadOnlySpan<long> layerBitrates, int above, int ceiling)
    {
        for (var layer = above + 1; layer <= ceiling; layer++)
        {
            if (Bitrate(consumer, layerBitrates, layer) > 0)
            {
                return layer;
            }
        }

        return -1;
    }

    /// <summary>The highest layer this consumer may reach this round: its preference, held to one step above the previous layer unless a step-up is allowed now.</summary>
    private static int Ceiling(in LayerConsumer consumer, int previousLayer, in LayerAllocationState state, long now)
    {
        var ceiling = Math.Min(consumer.PreferredLayer, consumer.LayerCount - 1);
        if (previousLayer < 0)
        {
            return ceiling; // a new (or resumed) consumer takes what fits at once
        }

        return Math.Min(ceiling, now >= state.UpgradeAllowedAt ? previousLayer + 1 : previousLayer);
    }

    private void UpdateHysteresis(ref LayerAllocationState state, int previousLayer, long now)
    {
        if (state.Backoff == TimeSpan.Zero)
        {
            state.Backoff = StablePeriod;
        }

        if (previousLayer >= 0 && state.Layer > previousLayer)
        {
            state.HasStepUp = true;
            state.LastStepUpAt = now;
            state.UpgradeAllowedAt = now + Ticks(state.Backoff);
        }
        else if (state.Layer < previousLayer)
        {
            if (state.HasStepUp && _timeProvider.GetElapsedTime(state.LastStepUpAt, now) < StablePeriod)
            {
                state.Backoff = state.Backoff * 2 < MaxBackoff ? state.Backoff * 2 : MaxBackoff; // the probe failed
            }

            state.HasStepUp = false;
            state.UpgradeAllowedAt = now + Ticks(state.Backoff);
        }
        else if (state.HasStepUp && _timeProvider.GetElapsedTime(state.LastStepUpAt, now) >= StablePeriod)
        {
            state.HasStepUp = false;
            state.Backoff = StablePeriod; // the last step-up held
        }
    }

    private long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * _timeProvider.TimestampFrequency);
}
