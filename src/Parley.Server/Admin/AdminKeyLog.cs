using Microsoft.Extensions.Logging;

namespace Parley.Server.Admin;

/// <summary>Log messages of the admin API's signing-material endpoints (event ids 5600–5699).</summary>
internal static partial class AdminKeyLog
{
    [LoggerMessage(EventId = 5600, Level = LogLevel.Information,
        Message = "App {SdkAppId}: signing material replaced through the admin API (secret key {SecretKey}, key pair {KeyPair}); userSigs signed with the old key no longer verify")]
    public static partial void KeysRotated(ILogger logger, long sdkAppId, bool secretKey, bool keyPair);

    [LoggerMessage(EventId = 5601, Level = LogLevel.Debug, Message = "App {SdkAppId}: issued a userSig for {Identifier} valid {ExpireSeconds} s through the admin API")]
    public static partial void UserSigIssued(ILogger logger, long sdkAppId, string identifier, long expireSeconds);
}
