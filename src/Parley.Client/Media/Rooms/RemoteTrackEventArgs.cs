namespace Parley.Client.Media.Rooms;

/// <summary>A remote track appeared on (or left) the recv transport.</summary>
public sealed class RemoteTrackEventArgs(RemoteTrack track) : EventArgs
{
    public RemoteTrack Track { get; } = track;
}
