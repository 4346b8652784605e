namespace Parley.Protocol.Messages;

/// <summary>Params of the <c>memberEntered</c> notification.</summary>
public sealed record MemberEnteredEvent(long RoomId, Member Member);
