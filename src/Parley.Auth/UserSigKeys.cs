namespace Parley.Auth;

/// <summary>
/// What a verifier knows of one app's signing material (R1.3): the secret key string for v2 (HMAC) userSigs
/// and/or the PEM public key (SubjectPublicKeyInfo, "BEGIN PUBLIC KEY") for asymmetric userSigs.
/// Either may be null when the app has no key of that kind; verification then fails with
/// <see cref="UserSigErrorCodes.NoKey"/>.
/// </summary>
public sealed record UserSigKeys(string? SecretKey, string? PublicKeyPem);
