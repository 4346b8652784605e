namespace Parley.Protocol.Messages;

/// <summary>Params of <c>login</c>. Platform is one of <see cref="Roles.Platform.All"/>.</summary>
public sealed record LoginParams(long SdkAppId, string Identifier, string UserSig, string Platform);
