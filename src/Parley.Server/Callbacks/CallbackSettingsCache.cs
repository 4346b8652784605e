using System.Collections.Concurrent;
using Parley.Server.Storage;

namespace Parley.Server.Callbacks;

/// <summary>
/// The apps' callback settings with a short cache: every room, media, group and message event and every send asks
/// for them. A change through the admin API on this node is seen at once (<see cref="Invalidate"/>); other nodes of a
/// cluster see it within <see cref="EntryLifetime"/>.
/// </summary>
public sealed class CallbackSettingsCache(IParleyStore store, TimeProvider time)
{
    /// <summary>How long looked-up settings (or their absence) are reused.</summary>
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<long, Entry> _entries = new();

    public async ValueTask<CallbackSettings?> GetAsync(long sdkAppId, CancellationToken cancellationToken)
    {
        if (TryGetFresh(sdkAppId, out var cached))
        {
            return cached;
        }

        var settings = await store.Callbacks.GetSettingsAsync(sdkAppId, cancellationToken);
        _entries[sdkAppId] = new Entry(settings, time.GetUtcNow() + EntryLifetime);
        return settings;
    }

    /// <summary>The cached settings when they are fresh (null settings: the app has none); no I/O.</summary>
    public bool TryGetFresh(long sdkAppId, out CallbackSettings? settings)
    {
        if (_entries.TryGetValue(sdkAppId, out var entry) && entry.ExpiresAt > time.GetUtcNow())
        {
            settings = entry.Settings;
            return true;
        }

        settings = null;
        return false;
    }

    /// <summary>Forgets one app's settings (after they changed here).</summary>
    public void Invalidate(long sdkAppId) => _entries.TryRemove(sdkAppId, out _);

    private sealed record Entry(CallbackSettings? Settings, DateTimeOffset ExpiresAt);
}
