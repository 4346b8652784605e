namespace Parley.Auth;

/// <summary>
/// The outcome of <see cref="UserSigVerifier.Verify"/>. <see cref="IssuedAt"/> and <see cref="ExpiresAt"/> are
/// filled only once the signature has verified (valid or <see cref="UserSigErrorCodes.Expired"/>), so a caller
/// never acts on unauthenticated content; otherwise they are <see cref="DateTimeOffset.MinValue"/>.
/// <see cref="UserBuf"/> is the decoded <c>TLS.userbuf</c> of a valid v2 userSig (e.g. a PrivateMapKey), else null.
/// </summary>
public sealed record UserSigVerification(int ErrorCode, string ErrorMessage, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, byte[]? UserBuf)
{
    /// <summary>True when <see cref="ErrorCode"/> is 0.</summary>
    public bool IsValid => ErrorCode == UserSigErrorCodes.None;

    internal static UserSigVerification Failure(int errorCode, string? detail = null) =>
        new(errorCode, detail ?? UserSigErrorCodes.Describe(errorCode), DateTimeOffset.MinValue, DateTimeOffset.MinValue, null);
}
