namespace Parley.Protocol.Chat;

/// <summary>
/// Params of <c>setGroupMemberRole</c> (<paramref name="Role"/> Admin or Member; owner only), <c>muteGroupMember</c>
/// (<paramref name="Seconds"/>, 0 unmutes; owner or admin over ordinary members) and <c>transferGroupOwner</c>.
/// </summary>
public sealed record ManageGroupMemberParams(string GroupId, string Member, string? Role = null, long? Seconds = null);
