namespace Parley.Signaling.Rooms;

/// <summary>
/// One live room: its owner (R3.4), members in join order with their roles, platforms and published tracks, and, while it
/// is empty, since when and when it will be dissolved (R3.5).
/// </summary>
public sealed record RoomDetails(
    long SdkAppId,
    long RoomId,
    string Owner,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EmptySince,
    DateTimeOffset? DissolvesAt,
    IReadOnlyList<RoomMemberDetails> Members);
