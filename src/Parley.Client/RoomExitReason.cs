namespace Parley.Client;

/// <summary>
/// Why this client's stay in a room ended, with the vendor's numbers (its exit-room callback; <c>kickedOut.vendorReason</c>
/// on the wire, docs/protocol.md §5).
/// </summary>
public enum RoomExitReason
{
    /// <summary>The client left by itself (<c>ExitRoomAsync</c>).</summary>
    Left = 0,

    /// <summary>An operator removed the client from the room (admin API kick or remove-users).</summary>
    Removed = 1,

    /// <summary>An operator dismissed the whole room (admin API).</summary>
    Dismissed = 2,
}
