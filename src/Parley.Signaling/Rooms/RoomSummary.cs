namespace Parley.Signaling.Rooms;

/// <summary>
/// A live room in a list. <see cref="EmptySince"/> is set while the room has no members and waits to be dissolved (R3.5),
/// at <see cref="DissolvesAt"/>.
/// </summary>
public sealed record RoomSummary(long SdkAppId, long RoomId, string Owner, int MemberCount, DateTimeOffset CreatedAt, DateTimeOffset? EmptySince,
    DateTimeOffset? DissolvesAt = null);
