namespace Parley.Protocol.Messages;

/// <summary>Result of <c>renewUserSig</c>: the new expiry, Unix milliseconds.</summary>
public sealed record RenewUserSigResult(long UserSigExpiresAt);
