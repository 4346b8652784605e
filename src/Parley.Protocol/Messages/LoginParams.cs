namespace Parley.Protocol.Messages;

/// <summary>
/// Params of <c>login</c>. Platform is one of <see cref="Roles.Platform.All"/>. <paramref name="PrivateMapKey"/> is the
/// optional room-privilege ticket applied to later joins (docs/protocol.md §12); <paramref name="Resumable"/> asks for a
/// resume token (§13).
/// </summary>
public sealed record LoginParams(long SdkAppId, string Identifier, string UserSig, string Platform, string? PrivateMapKey = null, bool? Resumable = null);
