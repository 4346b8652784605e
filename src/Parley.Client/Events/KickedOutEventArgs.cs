namespace Parley.Client;

/// <summary>
/// An operator ended this client's stay in <see cref="RoomId"/> (<c>kickedOut</c>): removed it (<see cref="Reason"/>
/// <c>kicked</c>, <see cref="VendorReason"/> <see cref="RoomExitReason.Removed"/>) or dismissed the whole room
/// (<c>dismissed</c>, <see cref="RoomExitReason.Dismissed"/>). It stays logged in.
/// </summary>
public sealed class KickedOutEventArgs(long roomId, string reason, RoomExitReason vendorReason = RoomExitReason.Removed) : EventArgs
{
    public long RoomId { get; } = roomId;
    public string Reason { get; } = reason;
    public RoomExitReason VendorReason { get; } = vendorReason;
}
