namespace Parley.Protocol.Messages;

/// <summary>Params of the <c>memberExited</c> notification; <paramref name="Reason"/> is one of <see cref="ExitReasons"/>.</summary>
public sealed record MemberExitedEvent(long RoomId, string Identifier, string Reason);
