namespace Parley.Protocol.Messages;

/// <summary>
/// <c>userVideoAvailable</c> / <c>userAudioAvailable</c> / <c>userSubStreamAvailable</c>: the member's camera /
/// microphone / screen producer became available (published and unmuted) or stopped being so (docs/protocol.md §11).
/// </summary>
public sealed record UserAvailableEvent(long RoomId, string Identifier, bool Available);
