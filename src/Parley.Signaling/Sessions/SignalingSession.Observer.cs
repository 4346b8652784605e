using Microsoft.Extensions.Logging;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Signaling.JsonRpc;
using Parley.Signaling.MediaHooks;

namespace Parley.Signaling.Sessions;

/// <summary>What the grains tell this session (<see cref="ISessionObserver"/>): room events, kicks, notifications, forced logouts.</summary>
internal sealed partial class SignalingSession
{
    /// <inheritdoc/>
    public Task OnRoomEvent(long roomId, string notification) => AcceptRoomEvent(roomId, notification, trackPublished: false);

    /// <inheritdoc/>
    public Task OnTrackPublished(long roomId, string notification) => AcceptRoomEvent(roomId, notification, trackPublished: true);

    /// <summary>
    /// Queues a room event of the current room (held while its join is in flight); after a <c>trackPublished</c> the media
    /// glue hears there is something to receive (<see cref="ISessionMediaHandler.OnTrackPublishedAsync"/>).
    /// </summary>
    private Task AcceptRoomEvent(long roomId, string notification, bool trackPublished)
    {
        MediaSessionContext? published = null;
        lock (_gate)
        {
            if (roomId == _pendingRoomId)
            {
                // A join of this room is in flight: hold its events until the join response is queued (protocol §4.5).
                (_heldRoomEvents ??= []).Add(notification);
            }
            else if (roomId == _currentRoomId)
            {
                Enqueue(OutboundItem.Message(notification));
                if (trackPublished)
                {
                    published = _media;
                }
            }
            // Else: a late event of a room this session already left.
        }

        if (published is not null)
        {
            _ = NotifyTrackPublishedAsync(published);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task OnKickedOut(long roomId, string reason)
    {
        MediaSessionContext? endedStay = null;
        lock (_gate)
        {
            if (_currentRoomId == roomId)
            {
                endedStay = EndKickedStayUnderLock(roomId, reason);
            }
            else if (_pendingRoomId == roomId)
            {
                // The user grain answered the join, then ended the stay (a dismissal or kick right behind the join) before
                // this session handled the answer: the join's response goes out first, then this (JoinAsync).
                _pendingRoomKick = reason;
            }
        }
        // Observers must not call back into grains inside the caller's turn: the glue's teardown runs afterwards.
        if (endedStay is not null)
        {
            _ = Task.Run(() => NotifyLeftAsync(endedStay));
        }
        return Task.CompletedTask;
    }

    /// <summary>Ends the stay in <paramref name="roomId"/> on an operator's order and tells the client why. Caller holds _gate.</summary>
    private MediaSessionContext? EndKickedStayUnderLock(long roomId, string reason)
    {
        _currentRoomId = 0;
        var endedStay = EndStayUnderLock();
        Enqueue(OutboundItem.Message(JsonRpcWriter.Notification(Events.KickedOut,
            new KickedOutEvent(roomId, reason, VendorExitReasons.FromExitReason(reason)), ProtocolJsonContext.Default.KickedOutEvent)));
        return endedStay;
    }

    /// <inheritdoc/>
    public Task OnNotification(string notification)
    {
        Enqueue(OutboundItem.Message(notification));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task OnForceOffline(string reason, string platform)
    {
        // The user grain already took this session out of its room (reason forceOffline); just say why and close.
        _sessionEnded = true;
        RequestClose(CloseCodes.ForceOffline, reason == ForceOfflineReasons.KickedByAdmin ? "kicked by the app" : "logged in elsewhere", ExitReasons.ForceOffline,
            JsonRpcWriter.Notification(Events.ForceOffline, new ForceOfflineEvent(reason, platform), ProtocolJsonContext.Default.ForceOfflineEvent));
        return Task.CompletedTask;
    }
}
