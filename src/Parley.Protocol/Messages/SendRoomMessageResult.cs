namespace Parley.Protocol.Messages;

/// <summary>Result of <c>sendRoomMessage</c>: this sender's message number in this room, from 1.</summary>
public sealed record SendRoomMessageResult(long Seq);
