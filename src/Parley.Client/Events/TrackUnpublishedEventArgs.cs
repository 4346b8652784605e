namespace Parley.Client;

/// <summary>Another member's track closed (<c>trackUnpublished</c>).</summary>
public sealed class TrackUnpublishedEventArgs(long roomId, string identifier, string producerId) : EventArgs
{
    public long RoomId { get; } = roomId;
    public string Identifier { get; } = identifier;
    public string ProducerId { get; } = producerId;
}
