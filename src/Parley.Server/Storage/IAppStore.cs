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

    /// <summary>Deletes the app with its roles and users; false when no such app.</summary>
    Task<bool> DeleteAsync(long sdkAppId, CancellationToken cancellationToken);
}
