using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Errors;
using Parley.Signaling.Grains;
using Parley.Signaling.MediaHooks;

namespace Parley.Server.Media.Rooms;

/// <summary>
/// The media glue behind signaling (<see cref="ISessionMediaHandler"/>): a session's stay in a room becomes a
/// <see cref="ParticipantMedia"/> in that room's <see cref="RoomMedia"/>, the media methods of docs/protocol.md §10
/// are carried out there, and the room grain's producer book is kept in step so the track events go out.
/// </summary>
internal sealed partial class SessionMediaHandler(RoomMediaRegistry registry, ILogger<SessionMediaHandler> logger) : ISessionMediaHandler
{
    private readonly ConcurrentDictionary<string, ParticipantMedia> _stays = new(StringComparer.Ordinal);
    private readonly RoomMediaRegistry _registry = registry;

    public ValueTask OnJoinedAsync(MediaSessionContext session)
    {
        Participant(session);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<MediaCallResult> PublishAsync(MediaSessionContext session, JsonElement parameters, CancellationToken cancellationToken)
    {
        if (!TryGetString(parameters, "sdp", out var sdp) || !parameters.TryGetProperty("tracks", out var tracksElement) || tracksElement.ValueKind != JsonValueKind.Array)
        {
            return MediaCallResult.Error(ErrorCodes.InvalidParams, "publish needs sdp (string) and tracks (array).");
        }

        PublishTrack[] tracks;
        try
        {
            tracks = tracksElement.Deserialize(MediaJsonContext.Default.PublishTrackArray) ?? [];
        }
        catch (JsonException e)
        {
            return MediaCallResult.Error(ErrorCodes.InvalidParams, "tracks: " + e.Message);
        }

        return await RunAsync(async () =>
        {
            var outcome = Participant(session).Publish(sdp, tracks);
            foreach (var removed in outcome.Removed)
            {
                await session.Room.RemoveProducer(session.IdentifierKey, session.SessionId, removed.ProducerId);
            }

            foreach (var added in outcome.Added)
            {
                await session.Room.AddProducer(session.IdentifierKey, session.SessionId, new RoomProducer(added.ProducerId, added.Kind, added.Source, added.Muted, added.Codec, added.Layers));
            }

            return MediaCallResult.Ok(JsonSerializer.Serialize(outcome.Result, MediaJsonContext.Default.PublishResult));
        });
    }

    public ValueTask<MediaCallResult> UnpublishAsync(MediaSessionContext session, JsonElement parameters, CancellationToken cancellationToken) =>
        WithProducerId(parameters, producerId => RunAsync(async () =>
        {
            Participant(session).Unpublish(producerId);
            await session.Room.RemoveProducer(session.IdentifierKey, session.SessionId, producerId);
            return MediaCallResult.Ok();
        }));

    public ValueTask<MediaCallResult> MuteTrackAsync(MediaSessionContext session, JsonElement parameters, CancellationToken cancellationToken)
    {
        if (!parameters.TryGetProperty("muted", out var mutedElement) || mutedElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return ValueTask.FromResult(MediaCallResult.Error(ErrorCodes.InvalidParams, "muteTrack needs producerId and muted (bool)."));
        }

        bool muted = mutedElement.GetBoolean();
        return WithProducerId(parameters, producerId => RunAsync(async () =>
        {
            Participant(session).Mute(producerId, muted);
            await session.Room.MuteProducer(session.IdentifierKey, session.SessionId, producerId, muted);
            return MediaCallResult.Ok();
        }));
    }

    public ValueTask<MediaCallResult> SubscribeAsync(MediaSessionContext session, JsonElement parameters, CancellationToken cancellationToken)
    {
        int? layer = parameters.TryGetProperty("spatialLayer", out var layerElement) && layerElement.TryGetInt32(out var value) ? value : null;
        return WithProducerId(parameters, producerId => RunAsync(() =>
        {
            var participant = Participant(session);
            var track = participant.Room.FindTrack(producerId)
                ?? throw new MediaRequestException(ErrorCodes.ProducerNotFound, $"No producer {producerId} in this room (on this node).");
            if (ReferenceEquals(track.Owner, participant))
            {
                throw new MediaRequestException(ErrorCodes.InvalidParams, "A participant does not subscribe to its own producer.");
            }

            var consumer = participant.AddConsumer(track, layer, explicitRequest: true)!;
            return Task.FromResult(MediaCallResult.Ok(JsonSerializer.Serialize(new SubscribeResult(consumer), MediaJsonContext.Default.SubscribeResult)));
        }));
    }

    public ValueTask<MediaCallResult> UnsubscribeAsync(MediaSessionContext session, JsonElement parameters, CancellationToken cancellationToken) =>
        WithProducerId(parameters, producerId => RunAsync(() =>
        {
            Participant(session).Unsubscribe(producerId);
            return Task.FromResult(MediaCallResult.Ok());
        }));

    public ValueTask<MediaCallResult> SetPreferredLayerAsync(MediaSessionContext session, JsonElement parameters, CancellationToken cancellationToken)
    {
        if (!parameters.TryGetProperty("spatialLayer", out var spatialElement) || !spatialElement.TryGetInt32(out var spatial))
        {
            return ValueTask.FromResult(MediaCallResult.Error(ErrorCodes.InvalidParams, "setPreferredLayer needs producerId and spatialLayer (0, 1 or 2)."));
        }

        int? temporal = parameters.TryGetProperty("temporalLayer", out var temporalElement) && temporalElement.TryGetInt32(out var t) ? t : null;
        return WithProducerId(parameters, producerId => RunAsync(() =>
        {
            Participant(session).SetPreferredLayer(producerId, spatial, temporal);
            return Task.FromResult(MediaCallResult.Ok());
        }));
    }

    public ValueTask<MediaCallResult> SubscriberAnswerAsync(MediaSessionContext session, JsonElement parameters, CancellationToken cancellationToken)
    {
        if (!TryGetString(parameters, "sdp", out var sdp) || !parameters.TryGetProperty("version", out var versionElement) || !versionElement.TryGetInt64(out var version))
        {
            return ValueTask.FromResult(MediaCallResult.Error(ErrorCodes.InvalidParams, "subscriberAnswer needs sdp (string) and version (number)."));
        }

        return RunAsync(() =>
        {
            Participant(session).ApplyAnswer(sdp, version);
            return Task.FromResult(MediaCallResult.Ok());
        });
    }

    public ValueTask<MediaCallResult> RestartIceAsync(MediaSessionContext session, JsonElement parameters, CancellationToken cancellationToken)
    {
        if (!TryGetString(parameters, "transport", out var transport) || transport != "recv")
        {
            return ValueTask.FromResult(MediaCallResult.Error(ErrorCodes.InvalidParams, "restartIce takes transport \"recv\"; the send transport restarts through publish."));
        }

        return RunAsync(() =>
        {
            Participant(session).RestartRecvIce();
            return Task.FromResult(MediaCallResult.Ok());
        });
    }

    public ValueTask OnLeftAsync(MediaSessionContext session)
    {
        if (_stays.TryRemove(session.StayId, out var participant))
        {
            try
            {
                _registry.Leave(participant);
            }
            catch (Exception e)
            {
                MediaGlueLog.TeardownFailed(logger, e, session.SessionId);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The participant of this stay, created (joined to its room's media) on first use.</summary>
    private ParticipantMedia Participant(MediaSessionContext session) =>
        _stays.GetOrAdd(session.StayId, static (_, state) =>
        {
            var (handler, stay) = state;
            var participant = handler._registry.Join(
                new RoomMediaKey(stay.SdkAppId, stay.RoomId), stay.SessionId, stay.Identifier, stay.Role, stay.Privileges, stay.AutoSubscribe, new Channel(stay));
            stay.RoleChanged += (_, _) => participant.ChangeRole(stay.Role);
            return participant;
        }, (this, session));

    private static async ValueTask<MediaCallResult> RunAsync(Func<Task<MediaCallResult>> action)
    {
        try
        {
            return await action();
        }
        catch (MediaRequestException e)
        {
            return MediaCallResult.Error(e.Code, e.Message);
        }
    }

    private static ValueTask<MediaCallResult> WithProducerId(JsonElement parameters, Func<string, ValueTask<MediaCallResult>> action) =>
        TryGetString(parameters, "producerId", out var producerId)
            ? action(producerId)
            : ValueTask.FromResult(MediaCallResult.Error(ErrorCodes.InvalidParams, "producerId (string) is required."));

    private static bool TryGetString(JsonElement parameters, string name, out string value)
    {
        value = string.Empty;
        if (parameters.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } text)
        {
            value = text;
            return true;
        }

        return false;
    }

    /// <summary>Notifications to the session of one stay.</summary>
    private sealed class Channel(MediaSessionContext stay) : IParticipantChannel
    {
        public void Send(string notificationJson) => stay.SendNotification(notificationJson);
    }
}
