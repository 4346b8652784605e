namespace Parley.Signaling.Groups;

/// <summary>A group and its members, as the group grain holds them.</summary>
[GenerateSerializer, Immutable, Alias("parley.GroupView")]
public sealed record GroupView([property: Id(0)] GroupRecord Group, [property: Id(1)] IReadOnlyList<GroupMemberRecord> Members);
