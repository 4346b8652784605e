namespace Parley.Signaling.Groups;

/// <summary>A member as stored: display spelling, role, join time (Unix seconds), muted until (Unix seconds, 0 = not), and the name card shown in the group.</summary>
[GenerateSerializer, Immutable, Alias("parley.GroupMemberRecord")]
public sealed record GroupMemberRecord(
    [property: Id(0)] string Identifier,
    [property: Id(1)] string Role,
    [property: Id(2)] long JoinedAt,
    [property: Id(3)] long ShutUpUntil = 0,
    [property: Id(4)] string? NameCard = null);
