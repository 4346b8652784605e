namespace Parley.Server.Dev;

/// <summary>Answer of <c>GET /dev/usersig</c>.</summary>
public sealed record DevUserSigResponse(long SdkAppId, string Identifier, string UserSig);
