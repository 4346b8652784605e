namespace Parley.Server.Apps;

/// <summary>A userSig the server signed for an app's identifier (<see cref="AppService.IssueUserSigAsync"/>).</summary>
public sealed record IssuedUserSig(long SdkAppId, string Identifier, string UserSig, long ExpireSeconds, DateTimeOffset ExpiresAt);
