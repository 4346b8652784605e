namespace Parley.Protocol.Chat;

/// <summary>
/// Params of the group methods that name a group and optionally members (docs/protocol.md §14): <c>joinGroup</c>
/// (<paramref name="Message"/>: the application text), <c>quitGroup</c>, <c>dismissGroup</c>, <c>inviteToGroup</c> and
/// <c>kickGroupMembers</c> (<paramref name="Members"/>), <c>getGroupMembers</c> (<paramref name="Offset"/>, <paramref name="Limit"/>).
/// </summary>
public sealed record GroupParams(string GroupId, IReadOnlyList<string>? Members = null, string? Message = null, int? Offset = null, int? Limit = null);
