using Parley.Protocol.Messages;

namespace Parley.Signaling.Rooms;

/// <summary>One live room: its owner (R3.4), members in join order with their roles, and since when it is empty, if it is.</summary>
public sealed record RoomDetails(
    long SdkAppId,
    long RoomId,
    string Owner,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EmptySince,
    IReadOnlyList<Member> Members);
