using Microsoft.Extensions.Logging;
using Parley.Protocol.Errors;
using Parley.Protocol.Messages;
using Parley.Protocol.Chat;
using Parley.Protocol.Json;
using Parley.Signaling.Abstractions;
using Parley.Signaling.Groups;
using Parley.Signaling.JsonRpc;
using Parley.Signaling.Logging;
using Parley.Signaling.Login;
using Parley.Signaling.Messages;
using Parley.Signaling.Observability;

namespace Parley.Signaling.Grains;

/// <summary>
/// One user of one app: the single live session (a newer login replaces an older one) and the room it is in (R3.3).
/// Non-reentrant, so all of one user's logins and room operations are applied strictly one after another.
/// In memory only: it exists while the user has a live session (and briefly while it receives a C2C message, which is
/// stored before it answers).
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
internal sealed class UserGrain(IMessageStore messages, ILogger<UserGrain> logger) : Grain, IUserGrain
{
    // Bound on telling a session something (go offline, a notification), so a dead silo cannot stall this grain.
    private static readonly TimeSpan SessionCallTimeout = TimeSpan.FromSeconds(5);

    private string _identifierKey = "";
    private long _sdkAppId;
    private SessionTicket? _session;
    private long _roomId;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (GrainKeys.TrySplit(this.GetPrimaryKeyString(), out var sdkAppId, out var identifierKey))
        {
            _sdkAppId = sdkAppId;
            _identifierKey = identifierKey;
        }
        return Task.CompletedTask;
    }

    public async Task Login(SessionTicket ticket)
    {
        if (_session is { } previous)
        {
            await ForceOfflineAsync(previous, ForceOfflineReasons.LoggedInElsewhere, ticket.Platform);
        }
        _session = ticket;
        DelayDeactivation(Timeout.InfiniteTimeSpan);
    }

    public async Task<bool> Reattach(SessionTicket ticket, long roomId, string role, uint privileges, string roomOwner)
    {
        if (_session is { } current && current.SessionId != ticket.SessionId)
        {
            return false;
        }

        _session ??= ticket;
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        if (roomId != 0 && (_roomId == 0 || _roomId == roomId))
        {
            var outcome = await Room(roomId).Restore(Ticket(_session, role, privileges) with { RoomOwner = roomOwner });
            if (outcome.ErrorCode == 0)
            {
                _roomId = roomId;
            }
        }

        return true;
    }

    public Task<string?> GetOnlinePlatform()
    {
        if (_session is null)
        {
            DeactivateOnIdle(); // a presence query must not keep offline users' grains around
        }
        return Task.FromResult(_session?.Platform);
    }

    public async Task Deliver(string notification)
    {
        if (_session is not { } session)
        {
            // An offline user syncs from the store at its next login. No DeactivateOnIdle here: a burst of C2C messages
            // to an offline user would chase a deactivating activation, and Orleans rejects a message forwarded twice.
            // The short collection age below reclaims the grain instead.
            return;
        }

        try
        {
            await session.Observer.OnNotification(notification).WaitAsync(SessionCallTimeout);
        }
        catch (Exception ex)
        {
            logger.NotifySessionFailed(ex, this.GetPrimaryKeyString());
        }
    }

    public async Task<SendOutcome> ReceiveC2C(string from, string to, uint msgRandom, string msgBody, long nowMs, bool copyToSender)
    {
        var fromKey = IdentifierRules.Key(from);
        var duplicate = await messages.FindC2CDuplicateAsync(_sdkAppId, fromKey, _identifierKey, msgRandom, (nowMs - (long)MessageBodyRules.DuplicateWindow.TotalMilliseconds) / 1000, CancellationToken.None);
        if (duplicate is not null)
        {
            return new SendOutcome(0, "", duplicate.Id, duplicate.MsgTime); // product-rules §6: a repeat is not stored or delivered twice
        }

        var message = new C2CMessageRecord(0, from, to, msgRandom, nowMs / 1000, msgBody);
        message = message with { Id = await messages.AppendC2CAsync(_sdkAppId, message, CancellationToken.None) };
        ParleyInstruments.CountMessage(ParleyInstruments.C2C);
        var notification = JsonRpcWriter.NotificationText(ChatEvents.MessageReceived, ChatMessages.FromC2C(message), ProtocolJsonContext.Default.ChatMessage);
        await Deliver(notification);
        if (copyToSender && fromKey != _identifierKey)
        {
            _ = GrainFactory.GetGrain<IUserGrain>(GrainKeys.User(_sdkAppId, fromKey)).Deliver(notification);
        }

        return new SendOutcome(0, "", message.Id, message.MsgTime);
    }

    public async Task<int> RecallC2C(string? op, long id, long nowMs)
    {
        var message = await messages.FindC2CAsync(_sdkAppId, id, CancellationToken.None);
        if (message is null || message.Recalled || IdentifierRules.Key(message.To) != _identifierKey)
        {
            return GroupErrorCodes.InvalidParameter;
        }

        if (op is not null && (IdentifierRules.Key(op) != IdentifierRules.Key(message.From) || nowMs - message.MsgTime * 1000 > (long)MessageBodyRules.RecallWindow.TotalMilliseconds))
        {
            return GroupErrorCodes.NoPermission; // the sender, within 2 minutes (product-rules §6)
        }

        await messages.RecallC2CAsync(_sdkAppId, id, CancellationToken.None);
        await Deliver(JsonRpcWriter.NotificationText(ChatEvents.MessageRecalled,
            new MessageRecalledEvent(ConversationTypes.C2C, null, message.From, [id], op ?? ""), ProtocolJsonContext.Default.MessageRecalledEvent));
        return 0;
    }

    public async Task<bool> KickOffline()
    {
        var session = _session;
        _session = null;
        if (session is not null)
        {
            await ForceOfflineAsync(session, ForceOfflineReasons.KickedByAdmin, "");
        }
        DeactivateOnIdle();
        return session is not null;
    }

    /// <summary>Takes <paramref name="session"/> out of its room (reason forceOffline) and tells it why, bounded so a dead silo cannot stall us.</summary>
    private async Task ForceOfflineAsync(SessionTicket session, string reason, string platform)
    {
        if (_roomId != 0)
        {
            await Room(_roomId).Leave(_identifierKey, session.SessionId, ExitReasons.ForceOffline);
            _roomId = 0;
        }
        try
        {
            await session.Observer.OnForceOffline(reason, platform).WaitAsync(SessionCallTimeout);
        }
        catch (Exception ex)
        {
            logger.ForceOfflineFailed(ex, this.GetPrimaryKeyString());
        }
    }

    public async Task EndSession(string sessionId, string reason)
    {
        if (_session?.SessionId != sessionId)
        {
            return;
        }
        if (_roomId != 0)
        {
            await Room(_roomId).Leave(_identifierKey, sessionId, reason);
            _roomId = 0;
        }
        _session = null;
        DeactivateOnIdle();
    }

    public async Task<RoomCallOutcome> JoinRoom(string sessionId, long roomId, string role, uint privileges)
    {
        if (_session?.SessionId != sessionId)
        {
            return RoomCallOutcome.Failure(ErrorCodes.NotLoggedIn, roomId);
        }
        if (_roomId != 0)
        {
            // R3.3: one room at a time.
            return RoomCallOutcome.Failure(ErrorCodes.AlreadyInRoom, _roomId);
        }
        var outcome = await Room(roomId).Join(Ticket(_session, role, privileges));
        if (outcome.ErrorCode == 0)
        {
            _roomId = roomId;
        }
        return outcome;
    }

    public async Task<RoomCallOutcome> SwitchRoom(string sessionId, long roomId, string role, uint privileges)
    {
        if (_session?.SessionId != sessionId)
        {
            return RoomCallOutcome.Failure(ErrorCodes.NotLoggedIn, roomId);
        }
        if (_roomId == 0)
        {
            return RoomCallOutcome.Failure(ErrorCodes.NotInRoom, roomId);
        }
        if (_roomId == roomId)
        {
            return RoomCallOutcome.Failure(ErrorCodes.AlreadyInRoom, roomId);
        }
        // Join the new room first: if that fails the user is still in the old one (R3.3 switch is all-or-nothing).
        var outcome = await Room(roomId).Join(Ticket(_session, role, privileges));
        if (outcome.ErrorCode != 0)
        {
            return outcome;
        }
        await Room(_roomId).Leave(_identifierKey, sessionId, ExitReasons.SwitchRoom);
        _roomId = roomId;
        return outcome;
    }

    public async Task<RoomCallOutcome> ExitRoom(string sessionId)
    {
        if (_session?.SessionId != sessionId)
        {
            return RoomCallOutcome.Failure(ErrorCodes.NotLoggedIn);
        }
        if (_roomId == 0)
        {
            return RoomCallOutcome.Failure(ErrorCodes.NotInRoom);
        }
        var roomId = _roomId;
        await Room(roomId).Leave(_identifierKey, sessionId, ExitReasons.Exit);
        _roomId = 0;
        return new RoomCallOutcome(0, roomId, false, null);
    }

    public async Task<RoomCallOutcome> ChangeRole(string sessionId, string role)
    {
        if (_session?.SessionId != sessionId)
        {
            return RoomCallOutcome.Failure(ErrorCodes.NotLoggedIn);
        }
        if (_roomId == 0)
        {
            return RoomCallOutcome.Failure(ErrorCodes.NotInRoom);
        }
        var view = await Room(_roomId).ChangeRole(_identifierKey, role);
        return view is null ? RoomCallOutcome.Failure(ErrorCodes.NotInRoom) : new RoomCallOutcome(0, _roomId, false, view);
    }

    public async Task<bool> Kick(long roomId)
    {
        if (_session is not { } session || _roomId != roomId)
        {
            return false;
        }
        await Room(roomId).Leave(_identifierKey, session.SessionId, ExitReasons.Kicked);
        _roomId = 0;
        await TellKickedOutAsync(session, roomId, ExitReasons.Kicked);
        return true;
    }

    public async Task<bool> RoomDismissed(long roomId, string sessionId)
    {
        // The room already let everyone go (one turn of its grain); this only ends the user's side of the stay. A user
        // that left or moved on meanwhile (exitRoom, switchRoom) is no longer in that room and hears nothing.
        if (_session is not { } session || session.SessionId != sessionId || _roomId != roomId)
        {
            return false;
        }
        _roomId = 0;
        await TellKickedOutAsync(session, roomId, ExitReasons.Dismissed);
        return true;
    }

    /// <summary>Tells the session its stay in <paramref name="roomId"/> is over, bounded so a dead silo cannot stall us.</summary>
    private async Task TellKickedOutAsync(SessionTicket session, long roomId, string reason)
    {
        try
        {
            await session.Observer.OnKickedOut(roomId, reason).WaitAsync(SessionCallTimeout);
        }
        catch (Exception ex)
        {
            logger.ForceOfflineFailed(ex, this.GetPrimaryKeyString());
        }
    }

    public async Task<RoomCallOutcome> ListMembers(string sessionId)
    {
        if (_session?.SessionId != sessionId)
        {
            return RoomCallOutcome.Failure(ErrorCodes.NotLoggedIn);
        }
        if (_roomId == 0)
        {
            return RoomCallOutcome.Failure(ErrorCodes.NotInRoom);
        }
        var view = await Room(_roomId).GetView();
        return view is null ? RoomCallOutcome.Failure(ErrorCodes.NotInRoom) : new RoomCallOutcome(0, _roomId, false, view);
    }

    private MemberTicket Ticket(SessionTicket session, string role, uint privileges) =>
        new(_identifierKey, session.Identifier, session.SessionId, role, session.Observer, privileges, Platform: session.Platform);

    private IRoomGrain Room(long roomId) => GrainFactory.GetGrain<IRoomGrain>(GrainKeys.Room(_sdkAppId, roomId));
}
