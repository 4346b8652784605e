using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Parley.Signaling.Limits;

/// <summary>
/// One limit's BCL limiters (<see cref="TokenBucketRateLimiter"/> or <see cref="ConcurrencyLimiter"/>), one per key (a
/// client address or an app), in a table of at most <c>capacity</c> entries. Why not
/// <see cref="PartitionedRateLimiter.Create{TResource, TKey}"/>: its table has no bound (an attacker spraying
/// addresses grows it as fast as it sends), no visible size, one global lock per lookup, and its replenishing
/// heartbeat refills a bucket that has been full for a while at once after its first use (the last-refill time is
/// not advanced while full), doubling the burst after every quiet spell.
/// <para>
/// Here buckets do not replenish on their own (no timer per bucket): each acquisition refills its bucket first from
/// the time elapsed, and <see cref="Sweep"/> refills the others and drops every limiter that is back to full (a full
/// bucket, or an address with no open connection, is the same as a new one, so dropping it loses nothing). So the
/// table holds only keys that used permits within about a refill time plus a sweep interval, and never more than
/// <c>capacity</c>: when full, <see cref="TryAcquire"/> answers null (untracked) for a new key instead of adding it.
/// And a bucket never sits full in the table (an acquisition leaves it below full, the sweep drops it once full), so
/// the BCL's stale last-refill time never comes into play.
/// </para>
/// <para>
/// Limiters dropped by the sweep are not disposed: without a timer or a wait queue they hold nothing to release, and a
/// request racing with the sweep may still be using one (its permit then lands on the dropped limiter: at most one
/// request slips past the count at that instant).
/// </para>
/// </summary>
internal sealed class LimiterPartitions<TKey>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, RateLimiter> _limiters = new();
    private readonly Func<RateLimiter> _create;
    private readonly int _capacity;
    // Entries in _limiters, kept beside it because ConcurrentDictionary.Count takes every lock of the table.
    private int _count;

    public LimiterPartitions(Func<RateLimiter> create, int capacity)
    {
        _create = create;
        _capacity = capacity;
    }

    /// <summary>How many keys are tracked right now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// One permit for <paramref name="key"/>: a lease to check (<see cref="RateLimitLease.IsAcquired"/>) and dispose, or null
    /// when the table is full and <paramref name="key"/> is not in it (the caller lets the request pass untracked).
    /// </summary>
    public RateLimitLease? TryAcquire(TKey key)
    {
        while (true)
        {
            if (_limiters.TryGetValue(key, out var limiter))
            {
                return Acquire(limiter);
            }

            if (Interlocked.Increment(ref _count) > _capacity)
            {
                Interlocked.Decrement(ref _count);
                return null;
            }

            var created = _create();
            if (_limiters.TryAdd(key, created))
            {
                return Acquire(created);
            }

            Interlocked.Decrement(ref _count); // another request added this key first
        }
    }

    /// <summary>Refills every bucket and drops the limiters that are full again (called from the sweep timer).</summary>
    public void Sweep()
    {
        foreach (var (key, limiter) in _limiters)
        {
            (limiter as ReplenishingRateLimiter)?.TryReplenish();
            if (limiter.IdleDuration is not null && _limiters.TryRemove(new KeyValuePair<TKey, RateLimiter>(key, limiter)))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }

    private static RateLimitLease Acquire(RateLimiter limiter)
    {
        (limiter as ReplenishingRateLimiter)?.TryReplenish();
        return limiter.AttemptAcquire();
    }
}
