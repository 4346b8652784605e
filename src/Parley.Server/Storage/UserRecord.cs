namespace Parley.Server.Storage;

/// <summary>
/// A user of one app (R2.1): <paramref name="Identifier"/> is the display spelling of the first login or import;
/// <paramref name="Nick"/> and <paramref name="FaceUrl"/> come from the REST <c>account_import</c>.
/// </summary>
public sealed record UserRecord(long SdkAppId, string Identifier, DateTimeOffset CreatedAt, DateTimeOffset LastLoginAt, string? Nick = null, string? FaceUrl = null);
