namespace Parley.Signaling.Rooms;

/// <summary>
/// What an operator's remove-users did: who was taken out of the room (their sessions got <c>kickedOut</c>) and who was
/// not in it; identifiers as the request spelled them, in its order, each once (case-insensitively, R2.1).
/// </summary>
public sealed record RemoveUsersResult(IReadOnlyList<string> Removed, IReadOnlyList<string> NotInRoom);
