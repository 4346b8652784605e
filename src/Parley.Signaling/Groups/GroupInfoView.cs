namespace Parley.Signaling.Groups;

/// <summary>A group's profile for one user: member count, last seq, and the user's role (null when not a member).</summary>
[GenerateSerializer, Immutable, Alias("parley.GroupInfoView")]
public sealed record GroupInfoView([property: Id(0)] GroupRecord Group, [property: Id(1)] int MemberCount, [property: Id(2)] long LastSeq, [property: Id(3)] string? Role);
