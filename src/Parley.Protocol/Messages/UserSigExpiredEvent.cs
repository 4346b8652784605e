namespace Parley.Protocol.Messages;

/// <summary>Params of the <c>userSigExpired</c> notification (R2.4); <paramref name="ExpiredAt"/> is Unix milliseconds.</summary>
public sealed record UserSigExpiredEvent(long ExpiredAt);
