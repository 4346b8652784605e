namespace Parley.Protocol.Messages;

/// <summary><c>trackMuted</c>: a producer was muted or unmuted (docs/protocol.md §11).</summary>
public sealed record TrackMutedEvent(long RoomId, string Identifier, string ProducerId, bool Muted);
