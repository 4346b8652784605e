using System.Text.Json.Serialization;
using Parley.Server.Apps;

namespace Parley.Server.Admin;

/// <summary>
/// Answer of <c>POST /api/apps</c> and <c>POST /api/apps/{sdkAppId}/rotate-key</c>: the app plus, when a key pair was
/// made, the private key. This is the only time the private key is shown; the server does not keep it (R1.3).
/// </summary>
public sealed record CreatedAppResponse(
    long SdkAppId,
    long AccountType,
    string Name,
    string SecretKey,
    string? PublicKeyPem,
    DateTimeOffset CreatedAt,
    bool RequirePrivateMapKey,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PrivateKeyPem)
{
    public static CreatedAppResponse From(CreatedApp created) =>
        new(created.App.SdkAppId, created.App.AccountType, created.App.Name, created.App.SecretKey,
            created.App.PublicKeyPem, created.App.CreatedAt, created.App.RequirePrivateMapKey, created.PrivateKeyPem);
}
