namespace Parley.Auth;

/// <summary>
/// Verifies a PrivateMapKey (product-rules §2) for one user entering one room: the envelope is a v2 userSig with a
/// userbuf, checked by <see cref="UserSigVerifier"/> (signature, identifier, sdkAppId, envelope expiry), then the
/// userbuf (<see cref="PrivateMapKey.TryParse"/>) must name the same identifier and app, the room, and an absolute
/// expiry that has not passed. Never throws on any key string.
/// </summary>
public static class PrivateMapKeyVerifier
{
    /// <param name="roomId">The numeric room being entered; a ticket for a string room id never matches one.</param>
    /// <param name="now">Expired when <paramref name="now"/> is later than the userbuf's absolute expiry (or the envelope's).</param>
    public static PrivateMapKeyVerification Verify(string? privateMapKey, long sdkAppId, string identifier, long roomId, UserSigKeys keys, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(keys);
        UserSigVerification envelope = UserSigVerifier.Verify(privateMapKey, sdkAppId, identifier, keys, now);
        if (!envelope.IsValid)
        {
            return PrivateMapKeyVerification.Refused("The PrivateMapKey does not verify: " + envelope.ErrorMessage);
        }

        if (envelope.UserBuf is not { } userBuf || !PrivateMapKey.TryParse(userBuf, out PrivateMapKey? key) || key is null)
        {
            return PrivateMapKeyVerification.Refused("The PrivateMapKey carries no readable privilege userbuf.");
        }

        // The userbuf is signed with the envelope, but it repeats the identifier and app: both must agree (R2.1 case-insensitively).
        if (!string.Equals(key.Identifier, identifier, StringComparison.OrdinalIgnoreCase))
        {
            return PrivateMapKeyVerification.Refused("The PrivateMapKey is for another identifier.");
        }

        if (key.SdkAppId != sdkAppId)
        {
            return PrivateMapKeyVerification.Refused("The PrivateMapKey is for another sdkAppId.");
        }

        if (key.StringRoomId is not null || key.RoomId != roomId)
        {
            return PrivateMapKeyVerification.Refused($"The PrivateMapKey is for another room, not room {roomId}.");
        }

        // The userbuf's expiry is absolute Unix seconds; valid up to and including that second, like R2.3's "now > expiry".
        if (now.ToUnixTimeSeconds() > key.ExpiresAt.ToUnixTimeSeconds())
        {
            return PrivateMapKeyVerification.Refused($"The PrivateMapKey expired at {key.ExpiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}.");
        }

        return new PrivateMapKeyVerification(true, "The PrivateMapKey is valid.", key);
    }
}
