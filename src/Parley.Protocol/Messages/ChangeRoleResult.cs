namespace Parley.Protocol.Messages;

using Parley.Protocol.Roles;

/// <summary>Result of <c>changeRole</c>: the role now applied.</summary>
public sealed record ChangeRoleResult(long RoomId, RoleDefinition Role);
