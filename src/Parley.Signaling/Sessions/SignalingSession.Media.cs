using System.Text.Json;
using Parley.Auth;
using Parley.Protocol.Errors;
using Parley.Protocol.Messages;
using Parley.Protocol.Roles;
using Parley.Signaling.JsonRpc;
using Parley.Signaling.Logging;
using Parley.Signaling.MediaHooks;

namespace Parley.Signaling.Sessions;

/// <summary>
/// The media methods (docs/protocol.md §10) handed to the registered <see cref="ISessionMediaHandler"/>, after the
/// checks signaling owns: in a room, params an object, and the PrivateMapKey bits (§12).
/// </summary>
internal sealed partial class SignalingSession
{
    // The current stay as the media glue sees it; null outside a room. Guarded by _gate.
    private MediaSessionContext? _media;

    private static bool IsMediaMethod(string method) => method is Methods.Publish or Methods.Unpublish or Methods.MuteTrack
        or Methods.Subscribe or Methods.Unsubscribe or Methods.SetPreferredLayer or Methods.SubscriberAnswer or Methods.RestartIce;

    private async Task MediaAsync(string rawId, JsonRpcRequest request)
    {
        MediaSessionContext? stay;
        lock (_gate)
        {
            stay = _media;
        }
        if (stay is null)
        {
            ReplyError(rawId, ErrorCodes.NotInRoom);
            return;
        }
        if (_services.MediaHandler is not { } handler)
        {
            ReplyError(rawId, ErrorCodes.MethodNotFound, "Media is not enabled on this server.");
            return;
        }
        if (!request.HasParams || request.Params.ValueKind != JsonValueKind.Object)
        {
            ReplyError(rawId, ErrorCodes.InvalidParams);
            return;
        }
        var parameters = request.Params;
        var refusal = request.Method switch
        {
            Methods.Publish => CheckPublishPrivileges(stay, parameters),
            Methods.Subscribe => await CheckSubscribePrivilegesAsync(stay, parameters),
            _ => 0,
        };
        if (refusal != 0)
        {
            ReplyError(rawId, refusal);
            return;
        }
        var result = await handler.CallAsync(stay, request.Method!, parameters, CancellationToken.None);
        if (result.ErrorCode != 0)
        {
            ReplyError(rawId, result.ErrorCode, result.ErrorMessage);
        }
        else
        {
            Enqueue(OutboundItem.Message(JsonRpcWriter.RawResult(rawId, result.ResultJson!)));
        }
    }

    /// <summary>§10.1 / §12: every source named in <c>tracks</c> needs its send bit; a malformed <c>tracks</c> is left to the handler.</summary>
    private static int CheckPublishPrivileges(MediaSessionContext stay, JsonElement parameters)
    {
        if (!parameters.TryGetProperty("tracks", out var tracks) || tracks.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }
        foreach (var track in tracks.EnumerateArray())
        {
            if (track.ValueKind == JsonValueKind.Object && track.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String
                && SendBit(source.GetString()) is { } bit && !stay.May(bit))
            {
                return ErrorCodes.NoPrivilege;
            }
        }
        return 0;
    }

    /// <summary>§10.4 / §12: the producer must exist in the room, and its source needs the receive bit.</summary>
    private static async Task<int> CheckSubscribePrivilegesAsync(MediaSessionContext stay, JsonElement parameters)
    {
        if (!parameters.TryGetProperty("producerId", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return ErrorCodes.InvalidParams;
        }
        var producer = await stay.Room.FindProducer(id.GetString()!);
        if (producer is null)
        {
            return ErrorCodes.ProducerNotFound;
        }
        return ReceiveBit(producer.Producer.Source) is { } bit && !stay.May(bit) ? ErrorCodes.NoPrivilege : 0;
    }

    private static RoomPrivileges? SendBit(string? source) => source switch
    {
        TrackSources.Microphone => RoomPrivileges.SendAudio,
        TrackSources.Camera => RoomPrivileges.SendVideo,
        TrackSources.Screen => RoomPrivileges.SendSubStream,
        _ => null,
    };

    private static RoomPrivileges? ReceiveBit(string? source) => source switch
    {
        TrackSources.Microphone => RoomPrivileges.ReceiveAudio,
        TrackSources.Camera => RoomPrivileges.ReceiveVideo,
        TrackSources.Screen => RoomPrivileges.ReceiveSubStream,
        _ => null,
    };

    /// <summary>Starts a stay after a successful join or switch. Caller holds _gate; returns the stay that ended, if any.</summary>
    private MediaSessionContext? BeginStayUnderLock(SessionLogin login, long roomId, RoleDefinition role, RoomPrivileges privileges, bool autoSubscribe,
        bool roomHasProducers)
    {
        var previous = _media;
        MediaSessionContext? stay = null;
        stay = new MediaSessionContext(login.SdkAppId, roomId, login.Identifier, login.IdentifierKey, login.SessionId, role, privileges, autoSubscribe,
            _services.Grains.GetGrain<Grains.IRoomGrain>(Grains.GrainKeys.Room(login.SdkAppId, roomId)),
            notification => SendForStay(stay!, notification))
        {
            RoomHadProducersAtJoin = roomHasProducers,
            CallReasserting = CallReassertingAsync<int>,
        };
        _media = stay;
        previous?.MarkEnded();
        return previous;
    }

    /// <summary>Ends the current stay (the room already removed the member). Caller holds _gate; returns it for <see cref="NotifyLeftAsync"/>.</summary>
    private MediaSessionContext? EndStayUnderLock()
    {
        var previous = _media;
        _media = null;
        previous?.MarkEnded();
        return previous;
    }

    private void SendForStay(MediaSessionContext stay, string notification)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_media, stay))
            {
                Enqueue(OutboundItem.Message(notification));
            }
        }
    }

    /// <summary>Tells the media glue a stay began (after the join's response, so its offers follow it); never throws.</summary>
    private async Task NotifyJoinedAsync(MediaSessionContext? stay)
    {
        if (stay is null || _services.MediaHandler is not { } handler)
        {
            return;
        }
        try
        {
            await handler.OnJoinedAsync(stay);
        }
        catch (Exception ex)
        {
            _logger.RequestFailed(ex, "media OnJoined");
        }
    }

    /// <summary>Tells the media glue a producer appeared in the stay's room (after the event was queued); never throws.</summary>
    private async Task NotifyTrackPublishedAsync(MediaSessionContext stay)
    {
        if (_services.MediaHandler is not { } handler)
        {
            return;
        }
        try
        {
            await handler.OnTrackPublishedAsync(stay);
        }
        catch (Exception ex)
        {
            _logger.RequestFailed(ex, "media OnTrackPublished");
        }
    }

    /// <summary>Tells the media glue a stay ended; never throws.</summary>
    private async Task NotifyLeftAsync(MediaSessionContext? stay)
    {
        if (stay is null || _services.MediaHandler is not { } handler)
        {
            return;
        }
        try
        {
            await handler.OnLeftAsync(stay);
        }
        catch (Exception ex)
        {
            _logger.RequestFailed(ex, "media OnLeft");
        }
    }
}
