namespace Parley.Client.Media;

/// <summary>Who runs an echo test on a server outside developer mode: a user of an app, proved by a userSig (R2.2).</summary>
public sealed record EchoCredentials(long SdkAppId, string Identifier, string UserSig);
