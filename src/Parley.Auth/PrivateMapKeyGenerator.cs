namespace Parley.Auth;

/// <summary>
/// Generates PrivateMapKeys (product-rules §2): a v2 userSig whose userbuf is a <see cref="PrivateMapKey"/>,
/// as the vendor's <c>genPrivateMapKey</c> / <c>genPrivateMapKeyWithStringRoomID</c> do.
/// </summary>
public static class PrivateMapKeyGenerator
{
    /// <summary>
    /// Generates a PrivateMapKey. The envelope carries <c>TLS.expire = expireSeconds</c> (a duration) while the
    /// userbuf carries the <b>absolute</b> expiry <c>now + expireSeconds</c>, as in the vendor's libraries.
    /// </summary>
    /// <param name="roomId">The numeric room id; pass 0 with <paramref name="stringRoomId"/> for a string room.</param>
    /// <param name="stringRoomId">A string room id; when given, the userbuf is version 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">sdkAppId, accountType or the absolute expiry does not fit in 32 bits.</exception>
    public static string Generate(long sdkAppId, string key, string identifier, long expireSeconds, uint roomId,
        RoomPrivileges privileges, long accountType = 0, string? stringRoomId = null, DateTimeOffset? now = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expireSeconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expireSeconds, uint.MaxValue);
        ArgumentException.ThrowIfNullOrEmpty(identifier);

        // One clock reading for both the envelope's TLS.time and the userbuf's absolute expiry.
        DateTimeOffset issuedAt = DateTimeOffset.FromUnixTimeSeconds((now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds());
        var ticket = new PrivateMapKey(identifier, sdkAppId, roomId, issuedAt.AddSeconds(expireSeconds), privileges, accountType, stringRoomId);
        return UserSigGenerator.Generate(sdkAppId, key, identifier, expireSeconds, ticket.ToUserBuf(), issuedAt);
    }
}
