namespace Parley.Load.Common;

/// <summary>The answer of a dev-mode server's <c>GET /dev/usersig?identifier=…</c>.</summary>
public sealed record DevUserSigResponse(long SdkAppId, string Identifier, string UserSig);
