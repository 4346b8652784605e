namespace Parley.Server.Storage;

/// <summary>Durable users of each app, keyed case-insensitively (R2.1).</summary>
public interface IUserStore
{
    /// <summary>
    /// Creates the user on first login or updates its last login time; returns the stored display spelling (the one of
    /// the first login). Safe under concurrent first logins of differently spelt identifiers.
    /// </summary>
    Task<string> RecordLoginAsync(long sdkAppId, string identifier, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// REST <c>account_import</c>: creates the user (no login yet: last login = created) or, when it exists, replaces
    /// its nick and face URL when given. Returns the stored display spelling.
    /// </summary>
    Task<string> ImportAsync(long sdkAppId, string identifier, string? nick, string? faceUrl, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>REST <c>account_delete</c>: removes the user; false when there was none.</summary>
    Task<bool> DeleteAsync(long sdkAppId, string identifier, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="identifiers"/> exist in the app, as identifier keys (one query for a REST batch).</summary>
    Task<IReadOnlySet<string>> FindKnownKeysAsync(long sdkAppId, IReadOnlyCollection<string> identifiers, CancellationToken cancellationToken);

    Task<UserRecord?> FindAsync(long sdkAppId, string identifier, CancellationToken cancellationToken);

    /// <summary>Users of one app by key, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<UserRecord>> ListAsync(long sdkAppId, int limit, CancellationToken cancellationToken);
}
