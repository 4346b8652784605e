namespace Parley.Client;

/// <summary>
/// A member's camera / microphone / screen became available (published and unmuted) or stopped being so: the
/// vendor-style <c>userVideoAvailable</c> / <c>userAudioAvailable</c> / <c>userSubStreamAvailable</c>.
/// <see cref="Source"/> is <c>camera</c>, <c>microphone</c> or <c>screen</c>.
/// </summary>
public sealed class UserAvailabilityEventArgs(long roomId, string identifier, string source, bool available) : EventArgs
{
    public long RoomId { get; } = roomId;
    public string Identifier { get; } = identifier;
    public string Source { get; } = source;
    public bool Available { get; } = available;
}
