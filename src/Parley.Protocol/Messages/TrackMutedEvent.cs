namespace Parley.Protocol.Messages;

/// <summary>
/// <c>trackMuted</c>: a producer was muted or unmuted (docs/protocol.md §11). <paramref name="ByAdmin"/> is true when an
/// operator did it through the admin API (absent when the member did it itself).
/// </summary>
public sealed record TrackMutedEvent(long RoomId, string Identifier, string ProducerId, bool Muted, bool? ByAdmin = null);
