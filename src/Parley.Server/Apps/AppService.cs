using Parley.Auth;
using Parley.Server.Storage;

namespace Parley.Server.Apps;

/// <summary>Creates and removes apps (R1.1, R1.3) and keeps <see cref="CachedAppCatalog"/> in step.</summary>
public sealed class AppService(IParleyStore store, CachedAppCatalog catalog, TimeProvider time)
{
    public const int MaxNameLength = 64;
    public const string DefaultName = "Untitled app";

    /// <summary>
    /// Creates an app with a fresh 64-hex secret key and, when <paramref name="withKeyPair"/>, an ECDSA P-256 key pair
    /// whose public half is stored. Throws <see cref="ArgumentException"/> for a bad name or accountType and
    /// <see cref="StoreConflictException"/> when the accountType is taken.
    /// </summary>
    public async Task<CreatedApp> CreateAsync(string? name, long? accountType, bool withKeyPair, CancellationToken cancellationToken,
        bool requirePrivateMapKey = false)
    {
        var appName = string.IsNullOrWhiteSpace(name) ? DefaultName : name.Trim();
        if (appName.Length > MaxNameLength)
        {
            throw new ArgumentException($"name must be at most {MaxNameLength} characters.", nameof(name));
        }

        // The accountType travels as a u32 inside PrivateMapKey userbufs (product-rules §2).
        if (accountType is <= 0 or > uint.MaxValue)
        {
            throw new ArgumentException("accountType must be between 1 and 4294967295.", nameof(accountType));
        }

        string? privateKeyPem = null;
        string? publicKeyPem = null;
        if (withKeyPair)
        {
            (privateKeyPem, publicKeyPem) = AppKeys.NewEcdsaKeyPair();
        }

        var app = await store.Apps.CreateAsync(
            new NewApp(appName, accountType, AppKeys.NewSecretKey(), publicKeyPem, time.GetUtcNow(), requirePrivateMapKey), cancellationToken);
        catalog.Invalidate(app.SdkAppId);
        return new CreatedApp(app, privateKeyPem);
    }

    public Task<IReadOnlyList<AppRecord>> ListAsync(CancellationToken cancellationToken) => store.Apps.ListAsync(cancellationToken);

    public Task<AppRecord?> FindAsync(long sdkAppId, CancellationToken cancellationToken) => store.Apps.FindAsync(sdkAppId, cancellationToken);

    /// <summary>Sets whether entering a room needs a PrivateMapKey (docs/protocol.md §12); null when there is no such app.</summary>
    public async Task<AppRecord?> SetRequirePrivateMapKeyAsync(long sdkAppId, bool required, CancellationToken cancellationToken)
    {
        var app = await store.Apps.SetRequirePrivateMapKeyAsync(sdkAppId, required, cancellationToken);
        catalog.Invalidate(sdkAppId);
        return app;
    }

    /// <summary>
    /// Replaces the app's signing material (R1.3): a fresh secret key when <paramref name="secretKey"/>, a fresh ECDSA
    /// P-256 key pair when <paramref name="keyPair"/> (its private key is in the answer only, never stored). userSigs
    /// signed with a replaced key stop verifying at once on this node (the catalog entry is dropped) and within
    /// <see cref="CachedAppCatalog.EntryLifetime"/> on the others; sessions already logged in are not affected.
    /// Null when there is no such app.
    /// </summary>
    public async Task<CreatedApp?> RotateKeysAsync(long sdkAppId, bool secretKey, bool keyPair, CancellationToken cancellationToken)
    {
        string? privateKeyPem = null;
        string? publicKeyPem = null;
        if (keyPair)
        {
            (privateKeyPem, publicKeyPem) = AppKeys.NewEcdsaKeyPair();
        }

        var app = await store.Apps.ReplaceKeysAsync(sdkAppId, secretKey ? AppKeys.NewSecretKey() : null, publicKeyPem, cancellationToken);
        catalog.Invalidate(sdkAppId);
        return app is null ? null : new CreatedApp(app, privateKeyPem);
    }

    /// <summary>
    /// Signs a v2 (HMAC) userSig of <paramref name="identifier"/> with the app's current secret key, issued now and
    /// valid <paramref name="expireSeconds"/> (R2.2's console tool; the app's backend normally does this). The key is
    /// read from the store, not the cache, so a just-rotated key is used. Null when there is no such app.
    /// </summary>
    public async Task<IssuedUserSig?> IssueUserSigAsync(long sdkAppId, string identifier, long expireSeconds, CancellationToken cancellationToken)
    {
        var app = await store.Apps.FindAsync(sdkAppId, cancellationToken);
        if (app is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var userSig = UserSigGenerator.Generate(app.SdkAppId, app.SecretKey, identifier, expireSeconds, now: now);
        // The sig carries whole seconds (TLS.time), so its expiry is counted from the truncated issue time.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        return new IssuedUserSig(app.SdkAppId, identifier, userSig, expireSeconds, issuedAt.AddSeconds(expireSeconds));
    }

    /// <summary>Deletes the app with its roles and users (R1.2); false when there is no such app.</summary>
    public async Task<bool> DeleteAsync(long sdkAppId, CancellationToken cancellationToken)
    {
        var deleted = await store.Apps.DeleteAsync(sdkAppId, cancellationToken);
        catalog.Invalidate(sdkAppId);
        return deleted;
    }
}
