using Parley.Signaling.MediaHooks;

namespace Parley.Server.Media.Nodes;

/// <summary>
/// One room's media, on one node of the cluster (ARCHITECTURE.md "Media across nodes"). The grain is activated by
/// load (<c>ResourceOptimizedPlacement</c>) when the room's first stay needs media, and its activation holds the room's
/// <c>Router</c> in that node's SFU; every stay of the room, whichever node its session is on, gets its transports
/// there, so browsers send to and receive from that node directly. Media methods reach it through this grain;
/// RTP never does. String key: the room grain's, <c>GrainKeys.Room</c>.
/// </summary>
public interface IRoomMediaGrain : IGrainWithStringKey
{
    /// <summary>
    /// Puts a stay into the room's media (creating the router with the first): with auto-subscribe it gets consumers
    /// of every producer present (a <c>subscriberOffer</c> through <paramref name="channel"/>). Answers the address of
    /// the node holding the media. Joining again with the same stay replaces the earlier participant.
    /// </summary>
    Task<string> Join(MediaStayTicket ticket, IMediaChannel channel);

    /// <summary>Carries out one media method of docs/protocol.md §10 for a joined stay (<paramref name="parametersJson"/>: the request's params).</summary>
    Task<MediaReply> Call(string stayId, string method, string parametersJson);

    /// <summary>The stay's role changed (<c>changeRole</c>, R4.3): new uplink caps.</summary>
    Task ChangeRole(string stayId, string roleJson);

    /// <summary>The stay left: its producers, consumers and transports go; the router goes with the last stay.</summary>
    Task Leave(string stayId);

    /// <summary>
    /// An operator locks (or releases) the source of producer <paramref name="producerId"/> of session <paramref name="sessionId"/>
    /// (admin API): paused while locked whatever the member asks. 90021 when no stay of that session has the producer.
    /// </summary>
    Task<AdminMuteResult> AdminMute(string sessionId, string producerId, bool adminMuted);

    /// <summary>Every producer of the room's media with its incoming bitrate, loss and operator lock (admin API).</summary>
    Task<IReadOnlyList<TrackTraffic>> GetTrackTraffic();

    /// <summary>Drops every stay whose session was on <paramref name="signalingSilo"/> (that node died).</summary>
    Task DropStaysOf(string signalingSilo);
}
