using System.Text.Json;

namespace Parley.Signaling.MediaHooks;

/// <summary>
/// The seam between signaling and the media glue (docs/protocol.md §10, ARCHITECTURE.md "Media hook"). Register one
/// implementation as a singleton in DI; every session then hands it the media methods of its current room. Without
/// one, those methods answer -32601 MethodNotFound "Media is not enabled on this server."
/// <para>
/// Before calling, the session has checked: logged in, in a room (else 90003), params is a JSON object (else -32602),
/// and the PrivateMapKey bits (docs/protocol.md §12): <c>publish</c> is refused with 90023 when a <c>tracks[].source</c>
/// lacks its send bit, <c>subscribe</c> with 90021 for an unknown producer and 90023 when its source lacks the receive bit.
/// Calls of one session arrive one at a time, in request order; calls of different sessions run concurrently.
/// <paramref name="parameters"/> is the request's <c>params</c> object, valid only until the returned task completes.
/// The implementation keeps the room's producer book in step through <see cref="MediaSessionContext.UpdateRoomAsync"/>
/// (<c>AddProducer</c>/<c>RemoveProducer</c>/<c>MuteProducer</c> on <see cref="MediaSessionContext.Room"/>), which sends the
/// track events.
/// </para>
/// </summary>
public interface ISessionMediaHandler
{
    /// <summary>
    /// The session entered <paramref name="session"/>'s room (joinRoom or switchRoom), after its response was queued:
    /// the glue subscribes it to the room's producers when <see cref="MediaSessionContext.AutoSubscribe"/>. Must not throw.
    /// </summary>
    ValueTask OnJoinedAsync(MediaSessionContext session);

    /// <summary>
    /// Another member of the stay's room published (a <c>trackPublished</c> event was just queued to the session): an
    /// auto-subscribing stay that is not in the room's media yet joins it now, which subscribes it. Must not throw.
    /// </summary>
    ValueTask OnTrackPublishedAsync(MediaSessionContext session) => ValueTask.CompletedTask;

    /// <summary>
    /// One media method of docs/protocol.md §10 (<paramref name="method"/> is one of <c>Methods.Publish</c>,
    /// <c>Unpublish</c>, <c>MuteTrack</c>, <c>Subscribe</c>, <c>Unsubscribe</c>, <c>SetPreferredLayer</c>,
    /// <c>SubscriberAnswer</c>, <c>RestartIce</c>): <c>publish {sdp, tracks}</c> → <c>{sdp, producers}</c> (§10.1),
    /// <c>unpublish {producerId}</c> (§10.2), <c>muteTrack {producerId, muted}</c> (§10.3), <c>subscribe {producerId,
    /// spatialLayer?}</c> → <c>{consumer}</c> and <c>unsubscribe {producerId}</c> (§10.4), <c>setPreferredLayer
    /// {producerId, spatialLayer, temporalLayer?}</c> (§10.5), <c>subscriberAnswer {sdp, version}</c> (§10.6),
    /// <c>restartIce {transport}</c> (§10.7); the others answer <c>{}</c>.
    /// </summary>
    ValueTask<MediaCallResult> CallAsync(MediaSessionContext session, string method, JsonElement parameters, CancellationToken cancellationToken);

    /// <summary>
    /// The session left <paramref name="session"/>'s room (exitRoom, switchRoom, logout, kick, forceOffline, userSig
    /// expiry, disconnect, resume window passed): tear its transports, producers and consumers down now. Called once per
    /// stay, after the room has already removed the member (its producers are gone from the book and the others have
    /// seen trackUnpublished). Must not throw; runs on the session's silo.
    /// </summary>
    ValueTask OnLeftAsync(MediaSessionContext session);
}
