namespace Parley.Server.Admin;

/// <summary>
/// Body of <c>POST /api/apps/{sdkAppId}/usersig</c>: the identifier to sign (R2.1) and the validity in seconds
/// (default 180 days, R2.3). <see cref="RestApiAdmin"/> signs for the configured app admin of the vendor REST API
/// (<c>RestApi:AdminIdentifier</c>) instead, so a caller need not know its name.
/// </summary>
public sealed record UserSigRequest(string? Identifier, long? ExpireSeconds, bool RestApiAdmin = false);
