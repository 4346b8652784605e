using Parley.Protocol.Errors;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Signaling.Logging;

namespace Parley.Signaling.Grains;

/// <summary>The operator's actions on a room (admin API, docs/admin-api.md): dismiss it, find and mute a member's track.</summary>
internal sealed partial class RoomGrain
{
    public async Task<IReadOnlyList<DismissedMember>?> Dismiss()
    {
        if (_ownerKey is null)
        {
            DeactivateOnIdle();
            return null;
        }

        // One turn: the members go and the room is forgotten at once, so a join queued behind this call creates a fresh
        // room (R3.6, its joiner the new owner, R3.4) and never enters the dismissed one. Nobody stays to be told about
        // the others' exits: each member hears its own end through its user grain (kickedOut reason dismissed).
        var dismissed = _members.ConvertAll(m => new DismissedMember(m.IdentifierKey, m.SessionId));
        // The app's event callback hears what a room that ends this way amounts to (docs/callbacks.md §2): each member's
        // media stops and the member exits (reason dismissed), then the room is gone.
        foreach (var member in _members)
        {
            foreach (var producer in member.Producers.Where(p => !p.Muted))
            {
                if (Callbacks.AppEventTypes.MediaEvent(producer.Source, available: false) is var stopped and not 0)
                {
                    Emit(stopped, member.Identifier);
                }
            }

            Emit(Callbacks.AppEventTypes.UserExited, member.Identifier, exitReason: ExitReasons.Dismissed);
        }

        Emit(Callbacks.AppEventTypes.RoomDissolved, null);
        _members.Clear();
        CancelDissolve();
        _ownerKey = null;
        _owner = "";
        await UpdateAppRoomsAsync(created: false);
        logger.RoomDismissed(_sdkAppId, _roomId, dismissed.Count);
        DeactivateOnIdle();
        return dismissed;
    }

    public Task<RoomProducerOwner?> FindTrack(string identifierKey, string source)
    {
        var member = _members.Find(m => m.IdentifierKey == identifierKey);
        var producer = member?.Producers.Find(p => p.Source == source);
        return Task.FromResult(producer is null ? null : new RoomProducerOwner(member!.Identifier, member.SessionId, producer));
    }

    public async Task<int> AdminMuteProducer(string identifierKey, string sessionId, string producerId, bool adminMuted, bool muted)
    {
        if (Find(identifierKey, sessionId) is not { } member)
        {
            return ErrorCodes.NotInRoom;
        }
        var index = member.Producers.FindIndex(p => p.ProducerId == producerId);
        if (index < 0)
        {
            return ErrorCodes.ProducerNotFound;
        }
        var source = member.Producers[index].Source;
        // The room sees what it sees when the member mutes by itself (plus byAdmin); the member learns of the lock.
        await SetMutedAsync(member, index, muted, byAdmin: true);
        // Kept with the producer, so member lists and later events say it too (protocol.md §9).
        member.Producers[index] = member.Producers[index] with { AdminMuted = adminMuted };
        await BroadcastAsync(Events.TrackAdminMuted, new TrackAdminMutedEvent(_roomId, producerId, source, adminMuted, muted),
            ProtocolJsonContext.Default.TrackAdminMutedEvent, [member]);
        return 0;
    }
}
