namespace Parley.Protocol.Messages;

/// <summary><c>trackUnpublished</c>: a producer closed; when its owner left, this precedes <c>memberExited</c> (docs/protocol.md §11).</summary>
public sealed record TrackUnpublishedEvent(long RoomId, string Identifier, string ProducerId);
