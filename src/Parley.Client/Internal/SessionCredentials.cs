namespace Parley.Client.Internal;

/// <summary>What the client logs in with, kept to log in again after a reconnect.</summary>
internal sealed record SessionCredentials(long SdkAppId, string Identifier, string UserSig, string? PrivateMapKey = null);
