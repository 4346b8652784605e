namespace Parley.Protocol.Chat;

/// <summary>Result of <c>getJoinedGroups</c> and <c>getGroupInfo</c>.</summary>
public sealed record GroupListResult(IReadOnlyList<GroupInfo> Groups);
