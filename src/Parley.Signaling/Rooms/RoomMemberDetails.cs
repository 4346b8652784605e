namespace Parley.Signaling.Rooms;

/// <summary>
/// A member of a live room for operators: role, the platform its session logged in with, whether it owns the room (R3.4),
/// when it joined (<see cref="JoinedAt"/>: Unix milliseconds, as on the wire) and its published tracks in publication order.
/// </summary>
public sealed record RoomMemberDetails(string Identifier, string Role, string Platform, bool IsOwner, long JoinedAt, IReadOnlyList<RoomTrackDetails> Tracks);
