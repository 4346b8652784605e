namespace Parley.Protocol.Messages;

using Parley.Protocol.Roles;

/// <summary>
/// Result of <c>joinRoom</c> and <c>switchRoom</c>. <paramref name="Role"/> is the role applied, which is the
/// default role when the requested name is not configured (R4.4); <paramref name="RequestedRoleFound"/> says which.
/// <paramref name="Privileges"/> are the PrivateMapKey bits in force for this stay (255, everything, without a key;
/// docs/protocol.md §12).
/// </summary>
public sealed record JoinRoomResult(
    long RoomId,
    RoleDefinition Role,
    bool RequestedRoleFound,
    bool Created,
    string Owner,
    IReadOnlyList<Member> Members,
    int Privileges = 255);
