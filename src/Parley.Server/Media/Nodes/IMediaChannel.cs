using Orleans.Concurrency;

namespace Parley.Server.Media.Nodes;

/// <summary>
/// The way back from a room's media node to one stay's session, wherever that session is: an Orleans observer the
/// session's node creates for the stay (<see cref="MediaStayLink"/>). One-way: the media node never waits on it.
/// </summary>
public interface IMediaChannel : IGrainObserver
{
    /// <summary>A complete JSON-RPC notification for the session (<c>subscriberOffer</c>, <c>activeSpeakers</c>, …).</summary>
    [OneWay]
    Task Notify(string notificationJson);

    /// <summary>
    /// The room's media on that node ended while the stay was in it (the node is shutting down or draining): the
    /// stay's transports are gone and it must join the room's media again (docs/protocol.md §10.8 <c>mediaReset</c>).
    /// </summary>
    [OneWay]
    Task MediaLost(string reason);
}
