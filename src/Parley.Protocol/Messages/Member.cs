namespace Parley.Protocol.Messages;

using Parley.Protocol.Roles;

/// <summary>A member of a room as others see it. <paramref name="JoinedAt"/> is Unix milliseconds.</summary>
public sealed record Member(string Identifier, string Role, bool IsOwner, long JoinedAt);
