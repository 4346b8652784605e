namespace Parley.Protocol.Messages;

/// <summary><c>trackPublished</c>: a member's producer was created (docs/protocol.md §11).</summary>
public sealed record TrackPublishedEvent(long RoomId, Producer Producer);
