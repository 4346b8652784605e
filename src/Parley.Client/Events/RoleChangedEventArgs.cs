namespace Parley.Client;

/// <summary>A member of this client's room switched role (<c>roleChanged</c>).</summary>
public sealed class RoleChangedEventArgs(long roomId, string identifier, string role) : EventArgs
{
    public long RoomId { get; } = roomId;
    public string Identifier { get; } = identifier;
    public string Role { get; } = role;
}
