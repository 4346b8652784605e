namespace Parley.Protocol.Chat;

/// <summary>Result of <c>createGroup</c>.</summary>
public sealed record CreateGroupResult(string GroupId);
