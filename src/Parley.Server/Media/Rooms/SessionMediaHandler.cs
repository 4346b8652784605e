using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Parley.Protocol.Errors;
using Parley.Protocol.Messages;
using Parley.Server.Media.Nodes;
using Parley.Signaling.MediaHooks;

namespace Parley.Server.Media.Rooms;

/// <summary>
/// The media glue behind signaling (<see cref="ISessionMediaHandler"/>), on the session's node: a session's stay in a
/// room gets a <see cref="MediaStayLink"/> to the room's media, which lives on one node of the cluster (the
/// <see cref="IRoomMediaGrain"/> activation; this node on a single-node server). The media methods of
/// docs/protocol.md §10 are carried out there, and the room grain's producer book is kept in step from here, so the
/// track events go out.
/// </summary>
internal sealed class SessionMediaHandler(IGrainFactory grains, ILocalSiloDetails silo, ILogger<SessionMediaHandler> logger) : ISessionMediaHandler
{
    private readonly ConcurrentDictionary<string, MediaStayLink> _stays = new(StringComparer.Ordinal);
    private readonly string _localSilo = silo.SiloAddress.ToParsableString();

    /// <summary>The stays of this node's sessions, for <see cref="MediaNodeWatch"/>.</summary>
    internal IReadOnlyCollection<MediaStayLink> Stays => [.. _stays.Values];

    /// <summary>
    /// A stay joins the room's media at once only when it has something to receive (auto-subscribe and producers in the
    /// room); otherwise at its first media call or when someone publishes (<see cref="OnTrackPublishedAsync"/>), so
    /// joining and leaving rooms where nobody publishes never touches the media node (measured: 12–20 % of a join's CPU).
    /// </summary>
    public ValueTask OnJoinedAsync(MediaSessionContext session) =>
        session.AutoSubscribe && session.RoomHadProducersAtJoin ? JoinMediaAsync(session) : ValueTask.CompletedTask;

    public ValueTask OnTrackPublishedAsync(MediaSessionContext session) =>
        session.AutoSubscribe ? JoinMediaAsync(session) : ValueTask.CompletedTask;

    private async ValueTask JoinMediaAsync(MediaSessionContext session)
    {
        if (session.HasEnded)
        {
            return; // a late trackPublished of a stay that already left
        }

        var link = Link(session);
        if (session.HasEnded)
        {
            // The stay ended while its link was being made: OnLeftAsync may have missed it.
            if (_stays.TryRemove(session.StayId, out var orphan))
            {
                await orphan.LeaveAsync();
            }

            return;
        }

        try
        {
            await link.EnsureJoinedAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next media call tries again and answers the error.
            MediaNodeLog.MediaCallFailed(logger, e, session.SdkAppId, session.RoomId, "join", session.SessionId);
        }
    }

    public async ValueTask OnLeftAsync(MediaSessionContext session)
    {
        if (_stays.TryRemove(session.StayId, out var link))
        {
            await link.LeaveAsync();
        }
    }

    public async ValueTask<MediaCallResult> CallAsync(MediaSessionContext session, string method, JsonElement parameters, CancellationToken cancellationToken)
    {
        // Read before the first await hands the thread away: the params element is only valid during this call.
        string parametersJson = parameters.GetRawText();
        MediaReply reply;
        try
        {
            reply = await Link(session).CallAsync(method, parametersJson);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MediaNodeLog.MediaCallFailed(logger, e, session.SdkAppId, session.RoomId, method, session.SessionId);
            return MediaCallResult.Error(ErrorCodes.MediaNodeUnavailable, "The node holding this room's media did not answer; try again shortly.");
        }

        if (reply.ErrorCode != 0)
        {
            return MediaCallResult.Error(reply.ErrorCode, reply.ErrorMessage);
        }

        // UpdateRoomAsync: a room grain rebuilt after its node died may not know this session yet (it re-asserts, then retries).
        foreach (var producerId in reply.Removed)
        {
            await session.UpdateRoomAsync(room => room.RemoveProducer(session.IdentifierKey, session.SessionId, producerId));
        }

        foreach (var producer in reply.Added)
        {
            await session.UpdateRoomAsync(room => room.AddProducer(session.IdentifierKey, session.SessionId, producer));
        }

        foreach (var producer in reply.MuteChanged)
        {
            await session.UpdateRoomAsync(room => room.MuteProducer(session.IdentifierKey, session.SessionId, producer.ProducerId, producer.Muted));
        }

        return MediaCallResult.Ok(reply.ResultJson!);
    }

    /// <summary>The link of this stay, made on first use.</summary>
    private MediaStayLink Link(MediaSessionContext session) =>
        _stays.GetOrAdd(session.StayId, static (_, state) => new MediaStayLink(state.session, state.handler.Grains, state.handler._localSilo, state.handler.Logger),
            (session, handler: this));

    private IGrainFactory Grains => grains;

    private ILogger Logger => logger;
}
