namespace Parley.Protocol.Messages;

/// <summary>
/// <c>kickedOut</c>: an operator removed this session from <paramref name="RoomId"/> (admin API); the session stays
/// logged in, outside any room. <paramref name="Reason"/> is <c>kicked</c> (<see cref="ExitReasons.Kicked"/>).
/// </summary>
public sealed record KickedOutEvent(long RoomId, string Reason);
