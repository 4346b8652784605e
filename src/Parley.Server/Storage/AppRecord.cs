namespace Parley.Server.Storage;

/// <summary>An app as stored (R1.1, R1.3). The private key of a key pair is never stored.</summary>
public sealed record AppRecord(
    long SdkAppId,
    long AccountType,
    string Name,
    string SecretKey,
    string? PublicKeyPem,
    DateTimeOffset CreatedAt);
