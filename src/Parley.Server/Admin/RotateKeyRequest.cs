namespace Parley.Server.Admin;

/// <summary>
/// Body of <c>POST /api/apps/{sdkAppId}/rotate-key</c> (optional): which signing material to replace. No body, or
/// <see cref="SecretKey"/> absent, replaces the secret key; <see cref="KeyPair"/> also (or, with
/// <c>"secretKey": false</c>, only) makes a new ECDSA key pair.
/// </summary>
public sealed record RotateKeyRequest(bool? SecretKey, bool? KeyPair);
