namespace Parley.Protocol.Messages;

/// <summary>
/// <c>kickedOut</c>: the server ended this session's stay in <paramref name="RoomId"/> on an operator's order (admin API);
/// the session stays logged in, outside any room. <paramref name="Reason"/> is <see cref="ExitReasons.Kicked"/> (the
/// member was removed) or <see cref="ExitReasons.Dismissed"/> (the whole room was dismissed); <paramref name="VendorReason"/>
/// is the vendor's numeric exit reason for the same thing (<see cref="VendorExitReasons"/>: 1 removed, 2 dismissed).
/// </summary>
public sealed record KickedOutEvent(long RoomId, string Reason, int VendorReason = VendorExitReasons.Removed);
