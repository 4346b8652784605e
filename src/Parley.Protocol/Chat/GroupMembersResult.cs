namespace Parley.Protocol.Chat;

/// <summary>Result of <c>getGroupMembers</c>: one page, in join order, and how many members there are.</summary>
public sealed record GroupMembersResult(IReadOnlyList<GroupMemberInfo> Members, int Total);
