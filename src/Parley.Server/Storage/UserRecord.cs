namespace Parley.Server.Storage;

/// <summary>A user of one app (R2.1): <paramref name="Identifier"/> is the display spelling of the first login.</summary>
public sealed record UserRecord(long SdkAppId, string Identifier, DateTimeOffset CreatedAt, DateTimeOffset LastLoginAt);
