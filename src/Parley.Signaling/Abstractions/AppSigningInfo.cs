namespace Parley.Signaling.Abstractions;

/// <summary>
/// What signaling needs to know of an app to verify a userSig (R1.3): its HMAC secret key (64 hex characters,
/// used as UTF-8 bytes) and, when the app has one, the PEM (SubjectPublicKeyInfo) of its ECDSA P-256 public key.
/// <paramref name="RequirePrivateMapKey"/>: joins without a PrivateMapKey are refused (docs/protocol.md §12).
/// </summary>
public sealed record AppSigningInfo(long SdkAppId, long AccountType, string? SecretKey, string? PublicKeyPem, bool RequirePrivateMapKey = false);
