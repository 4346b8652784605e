using Parley.Auth;
using Parley.Protocol.Errors;
using Parley.Signaling.Abstractions;

namespace Parley.Signaling.Login;

/// <summary>
/// Decides what a user may do in a room it is entering (docs/protocol.md §12, product-rules §2 "PrivateMapKey"):
/// without a key everything, unless the app requires one; with a key, only what its bits grant, and only if it
/// verifies for this identifier, app and room and has not expired. The create-room bit is not judged here: only the
/// room grain knows atomically whether the room exists, so it is carried to the grain with the ticket.
/// </summary>
internal sealed class RoomAccessAuthorizer(IAppCatalog apps, TimeProvider timeProvider)
{
    public async ValueTask<RoomAccessCheck> CheckAsync(long sdkAppId, string identifier, long roomId, string? privateMapKey, CancellationToken cancellationToken)
    {
        var app = await apps.FindAppAsync(sdkAppId, cancellationToken);
        if (app is null)
        {
            return Refuse("The app no longer exists.");
        }
        if (string.IsNullOrEmpty(privateMapKey))
        {
            return app.RequirePrivateMapKey
                ? Refuse("This app requires a PrivateMapKey to enter rooms (requirePrivateMapKey).")
                : new RoomAccessCheck(0, "", RoomPrivileges.All);
        }
        var verification = PrivateMapKeyVerifier.Verify(privateMapKey, sdkAppId, identifier, roomId,
            new UserSigKeys(app.SecretKey, app.PublicKeyPem), timeProvider.GetUtcNow());
        if (!verification.IsValid)
        {
            return Refuse(verification.Message);
        }
        return (verification.Privileges & RoomPrivileges.EnterRoom) == 0
            ? Refuse("The PrivateMapKey does not grant entering this room (bit 2).")
            : new RoomAccessCheck(0, "", verification.Privileges);
    }

    /// <summary>The message sent when the room does not exist and the key lacks the create-room bit.</summary>
    public static string CreateRefusedMessage(long roomId) =>
        $"Room {roomId} does not exist and the PrivateMapKey does not grant creating it (bit 1).";

    private static RoomAccessCheck Refuse(string message) => new(ErrorCodes.PrivilegeCheckFailed, message, RoomPrivileges.None);
}
