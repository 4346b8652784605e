using Parley.Auth;
using Parley.Protocol.Errors;
using Parley.Signaling.Abstractions;

namespace Parley.Signaling.Login;

/// <summary>Verifies a userSig against the app's signing material (R1.3, R2.2, R2.3) with Parley.Auth.</summary>
public sealed class UserSigAuthenticator(IAppCatalog apps, TimeProvider timeProvider)
{
    public async ValueTask<UserSigCheck> CheckAsync(long sdkAppId, string identifier, string userSig, CancellationToken cancellationToken)
    {
        var app = await apps.FindAppAsync(sdkAppId, cancellationToken);
        if (app is null)
        {
            return new UserSigCheck(ErrorCodes.SdkAppIdNotFound, ErrorCodes.Describe(ErrorCodes.SdkAppIdNotFound), default);
        }
        var verification = UserSigVerifier.Verify(
            userSig, sdkAppId, identifier, new UserSigKeys(app.SecretKey, app.PublicKeyPem), timeProvider.GetUtcNow());
        return verification.IsValid
            ? new UserSigCheck(0, "", verification.ExpiresAt)
            : new UserSigCheck(verification.ErrorCode, verification.ErrorMessage, default);
    }
}
