namespace Parley.Server.Storage;

/// <summary>
/// What the caller decides when creating an app; the store allocates the <c>sdkAppId</c> (and the
/// <c>accountType</c> when <paramref name="AccountType"/> is null).
/// </summary>
public sealed record NewApp(string Name, long? AccountType, string SecretKey, string? PublicKeyPem, DateTimeOffset CreatedAt, bool RequirePrivateMapKey = false);
