namespace Parley.Protocol.Messages;

/// <summary>
/// The vendor's numeric reasons why a user's own stay in a room ended (its SDK's exit-room callback): the client left by
/// itself, the server removed it, or the whole room was dismissed. Sent as <c>kickedOut.vendorReason</c> next to the
/// string <see cref="ExitReasons"/> (docs/protocol.md §5); the SDKs raise their room-exited event with it.
/// </summary>
public static class VendorExitReasons
{
    /// <summary>The user called exitRoom (never sent by the server: the SDKs use it for their own exit).</summary>
    public const int Left = 0;

    /// <summary>An operator removed the user from the room (<see cref="ExitReasons.Kicked"/>).</summary>
    public const int Removed = 1;

    /// <summary>An operator dismissed the room (<see cref="ExitReasons.Dismissed"/>).</summary>
    public const int Dismissed = 2;

    /// <summary>The vendor's number for a <see cref="ExitReasons"/> string that ends a stay on the server's side; 0 for any other.</summary>
    public static int FromExitReason(string? reason) => reason switch
    {
        ExitReasons.Kicked => Removed,
        ExitReasons.Dismissed => Dismissed,
        _ => Left,
    };
}
