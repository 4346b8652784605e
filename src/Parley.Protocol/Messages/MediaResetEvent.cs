namespace Parley.Protocol.Messages;

/// <summary>
/// Params of the <c>mediaReset</c> notification (docs/protocol.md §10.9): the room's media was recreated on another
/// node (<see cref="Reason"/>: <c>mediaNodeLost</c> when its node died, <c>mediaNodeLeaving</c> when it shut down). The
/// session's send and recv transports and its producers are gone; a fresh <c>subscriberOffer</c> follows, and the
/// client publishes its tracks again on a new connection.
/// </summary>
public sealed record MediaResetEvent(long RoomId, string Reason);
