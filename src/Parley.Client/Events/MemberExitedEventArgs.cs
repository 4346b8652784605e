namespace Parley.Client;

/// <summary>Someone left the room this client is in (<c>memberExited</c>); <see cref="Reason"/> is one of <c>ExitReasons</c>.</summary>
public sealed class MemberExitedEventArgs(long roomId, string identifier, string reason) : EventArgs
{
    public long RoomId { get; } = roomId;
    public string Identifier { get; } = identifier;
    public string Reason { get; } = reason;
}
