namespace Parley.Protocol.Messages;

/// <summary>Params of <c>renewUserSig</c>: a fresh userSig for the same app and identifier.</summary>
public sealed record RenewUserSigParams(string UserSig);
