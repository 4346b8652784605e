namespace Parley.Server.Storage;

/// <summary>
/// An app as stored (R1.1, R1.3). The private key of a key pair is never stored. <see cref="RequirePrivateMapKey"/>:
/// room entry needs a PrivateMapKey (docs/protocol.md §12).
/// </summary>
public sealed record AppRecord(
    long SdkAppId,
    long AccountType,
    string Name,
    string SecretKey,
    string? PublicKeyPem,
    DateTimeOffset CreatedAt,
    bool RequirePrivateMapKey = false);
