namespace Parley.Protocol.Messages;

/// <summary>Params of <c>changeRole</c>. An unknown name fails with RoleNotFound (R4.5).</summary>
public sealed record ChangeRoleParams(string Role);
