namespace Parley.Signaling.Abstractions;

/// <summary>
/// Users of an app. Identity is case-insensitive (R2.1): the key is the identifier in lower-case invariant form,
/// and the display spelling is the one the user first logged in with.
/// </summary>
public interface IUserDirectory
{
    /// <summary>Records a login and returns the display spelling: the stored one if the user exists, else <paramref name="identifier"/>.</summary>
    ValueTask<string> RecordLoginAsync(long sdkAppId, string identifier, DateTimeOffset at, CancellationToken cancellationToken);
}
