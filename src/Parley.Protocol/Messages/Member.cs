namespace Parley.Protocol.Messages;

using Parley.Protocol.Roles;

/// <summary>
/// A member of a room as others see it. <paramref name="JoinedAt"/> is Unix milliseconds. <paramref name="Producers"/>
/// are the member's published tracks (docs/protocol.md §9), empty when it publishes nothing.
/// </summary>
public sealed record Member(string Identifier, string Role, bool IsOwner, long JoinedAt, IReadOnlyList<Producer>? Producers = null);
