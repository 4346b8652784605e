using Parley.Protocol.Messages;

namespace Parley.Client;

/// <summary>Another member published a track (<c>trackPublished</c>).</summary>
public sealed class TrackPublishedEventArgs(long roomId, Producer producer) : EventArgs
{
    public long RoomId { get; } = roomId;
    public Producer Producer { get; } = producer;
}
