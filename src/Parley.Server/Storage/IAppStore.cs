namespace Parley.Server.Storage;

/// <summary>Durable apps (R1). Deleting an app deletes everything scoped to it (R1.2).</summary>
public interface IAppStore
{
    /// <summary>
    /// Inserts an app under a freshly allocated, unique <c>sdkAppId</c> (see <see cref="AppIdAllocation"/>); safe under
    /// concurrent calls. Throws <see cref="StoreConflictException"/> when an explicit accountType is taken.
    /// </summary>
    Task<AppRecord> CreateAsync(NewApp app, CancellationToken cancellationToken);

    /// <summary>All apps, by ascending <c>sdkAppId</c>.</summary>
    Task<IReadOnlyList<AppRecord>> ListAsync(CancellationToken cancellationToken);

    Task<AppRecord?> FindAsync(long sdkAppId, CancellationToken cancellationToken);

    /// <summary>Sets whether room entry needs a PrivateMapKey; the app as it is now, or null when no such app.</summary>
    Task<AppRecord?> SetRequirePrivateMapKeyAsync(long sdkAppId, bool required, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the app's signing material (R1.3) in one statement: a non-null <paramref name="secretKey"/> becomes the
    /// secret key, a non-null <paramref name="publicKeyPem"/> the public key of its key pair; null keeps the current
    /// value. The app as it is now, or null when no such app.
    /// </summary>
    Task<AppRecord?> ReplaceKeysAsync(long sdkAppId, string? secretKey, string? publicKeyPem, CancellationToken cancellationToken);

    /// <summary>Deletes the app with its roles and users; false when no such app.</summary>
    Task<bool> DeleteAsync(long sdkAppId, CancellationToken cancellationToken);
}
