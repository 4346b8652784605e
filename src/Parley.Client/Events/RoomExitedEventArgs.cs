namespace Parley.Client;

/// <summary>
/// This client's stay in <see cref="RoomId"/> ended: it left (<see cref="RoomExitReason.Left"/>, reason <c>exit</c>), an
/// operator removed it (<see cref="RoomExitReason.Removed"/>, <c>kicked</c>) or dismissed the room
/// (<see cref="RoomExitReason.Dismissed"/>, <c>dismissed</c>). It stays logged in, outside any room.
/// </summary>
public sealed class RoomExitedEventArgs(long roomId, string reason, RoomExitReason vendorReason) : EventArgs
{
    public long RoomId { get; } = roomId;

    /// <summary>The string reason (<c>Parley.Protocol.Messages.ExitReasons</c>): <c>exit</c>, <c>kicked</c> or <c>dismissed</c>.</summary>
    public string Reason { get; } = reason;

    /// <summary>The vendor's reason: 0 left, 1 removed, 2 dismissed.</summary>
    public RoomExitReason VendorReason { get; } = vendorReason;
}
