namespace Parley.Protocol.Chat;

/// <summary>
/// Result of <c>joinGroup</c>: <paramref name="Status"/> <c>joined</c> or <c>pending</c> (a NeedPermission group: the owner
/// and admins got a <c>joinRequest</c>); <paramref name="LastSeq"/> the group's last seq when joined — messages after it
/// are the new member's.
/// </summary>
public sealed record JoinGroupResult(string Status, long LastSeq);
