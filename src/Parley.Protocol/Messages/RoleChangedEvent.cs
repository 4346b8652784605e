namespace Parley.Protocol.Messages;

/// <summary>Params of the <c>roleChanged</c> notification.</summary>
public sealed record RoleChangedEvent(long RoomId, string Identifier, string Role);
