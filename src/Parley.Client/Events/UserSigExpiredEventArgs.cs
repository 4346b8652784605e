namespace Parley.Client;

/// <summary>
/// The userSig expired while logged in (R2.4): the server kicked the session. Get a fresh userSig from the app's
/// backend and log in again; call <c>RenewUserSigAsync</c> before expiry to avoid this.
/// </summary>
public sealed class UserSigExpiredEventArgs(DateTimeOffset expiredAt) : EventArgs
{
    public DateTimeOffset ExpiredAt { get; } = expiredAt;
}
