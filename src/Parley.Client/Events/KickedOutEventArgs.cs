namespace Parley.Client;

/// <summary>An operator removed this client from <see cref="RoomId"/> (<c>kickedOut</c>); it stays logged in.</summary>
public sealed class KickedOutEventArgs(long roomId, string reason) : EventArgs
{
    public long RoomId { get; } = roomId;
    public string Reason { get; } = reason;
}
