using System.Collections.Concurrent;
using Parley.Server.Storage;
using Parley.Signaling.Abstractions;

namespace Parley.Server.Apps;

/// <summary>
/// <see cref="IAppCatalog"/> over the store with a short cache: signaling asks on every login, apps change rarely.
/// Changes made through <see cref="AppService"/> invalidate the entry at once; the expiry bounds staleness for
/// changes made by another process sharing the database.
/// </summary>
public sealed class CachedAppCatalog(IParleyStore store, TimeProvider time) : IAppCatalog
{
    /// <summary>How long a looked-up app (or its absence) is reused.</summary>
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<long, Entry> _entries = new();

    public async ValueTask<AppSigningInfo?> FindAppAsync(long sdkAppId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(sdkAppId, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Info;
        }

        var app = await store.Apps.FindAsync(sdkAppId, cancellationToken);
        var info = app is null ? null : new AppSigningInfo(app.SdkAppId, app.AccountType, app.SecretKey, app.PublicKeyPem, app.RequirePrivateMapKey);
        _entries[sdkAppId] = new Entry(info, now + EntryLifetime);
        return info;
    }

    /// <summary>Forgets what is cached for one app (call after creating, changing or deleting it).</summary>
    public void Invalidate(long sdkAppId) => _entries.TryRemove(sdkAppId, out _);

    private sealed record Entry(AppSigningInfo? Info, DateTimeOffset ExpiresAt);
}
