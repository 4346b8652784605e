namespace Parley.Protocol.Messages;

/// <summary>Result of <c>exitRoom</c>: the room that was left.</summary>
public sealed record ExitRoomResult(long RoomId);
