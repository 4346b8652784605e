namespace Parley.Protocol.Messages;

/// <summary>Result of <c>listMembers</c>.</summary>
public sealed record ListMembersResult(long RoomId, string Owner, IReadOnlyList<Member> Members);
