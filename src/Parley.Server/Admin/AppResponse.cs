using Parley.Server.Storage;

namespace Parley.Server.Admin;

/// <summary>An app as the admin API shows it. The private key of a key pair is never part of it (see <see cref="CreatedAppResponse"/>).</summary>
public sealed record AppResponse(long SdkAppId, long AccountType, string Name, string SecretKey, string? PublicKeyPem, DateTimeOffset CreatedAt,
    bool RequirePrivateMapKey)
{
    public static AppResponse From(AppRecord app) =>
        new(app.SdkAppId, app.AccountType, app.Name, app.SecretKey, app.PublicKeyPem, app.CreatedAt, app.RequirePrivateMapKey);
}
