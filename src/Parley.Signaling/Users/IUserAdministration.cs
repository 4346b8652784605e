namespace Parley.Signaling.Users;

/// <summary>What the app's backend may ask about and do to users' live sessions (vendor REST: querystate, kick).</summary>
public interface IUserAdministration
{
    /// <summary>The platform of <paramref name="identifier"/>'s live session, or null when offline (or the identifier is invalid).</summary>
    Task<string?> GetOnlinePlatformAsync(long sdkAppId, string identifier, CancellationToken cancellationToken = default);

    /// <summary>Ends <paramref name="identifier"/>'s live session (forceOffline, reason kickedByAdmin); false when offline.</summary>
    Task<bool> KickOfflineAsync(long sdkAppId, string identifier, CancellationToken cancellationToken = default);
}
