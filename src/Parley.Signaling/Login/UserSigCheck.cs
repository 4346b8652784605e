namespace Parley.Signaling.Login;

/// <summary>Outcome of verifying a userSig for signaling: 0 and the expiry, or a 700xx error code and message.</summary>
public readonly record struct UserSigCheck(int ErrorCode, string ErrorMessage, DateTimeOffset ExpiresAt)
{
    public bool IsValid => ErrorCode == 0;
}
