namespace Parley.Client;

/// <summary>Another member muted or unmuted a track (<c>trackMuted</c>).</summary>
public sealed class TrackMutedEventArgs(long roomId, string identifier, string producerId, bool muted) : EventArgs
{
    public long RoomId { get; } = roomId;
    public string Identifier { get; } = identifier;
    public string ProducerId { get; } = producerId;
    public bool Muted { get; } = muted;
}
