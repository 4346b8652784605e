namespace Parley.Protocol.Messages;

/// <summary><c>roomMessage</c>: a custom message sent with <c>sendRoomMessage</c> (docs/protocol.md §10.8, §11).</summary>
public sealed record RoomMessageEvent(long RoomId, string From, int CmdId, long Seq, string Data);
