using System.Text.Json;
using Parley.Protocol.Errors;
using Parley.Protocol.Messages;
using Parley.Server.Media.Rooms;
using Parley.Signaling.Grains;
using WireProducer = Parley.Protocol.Messages.Producer;

namespace Parley.Server.Media.Nodes;

/// <summary>
/// The media methods of docs/protocol.md §10 carried out on one participant, on the node holding the room's media
/// (<see cref="RoomMediaGrain"/>): params read and checked, the SFU glue called, the outcome answered with the
/// producers the session's node must write into the room's producer book.
/// </summary>
internal static class RoomMediaOperations
{
    public static MediaReply Run(ParticipantMedia participant, string method, JsonElement parameters)
    {
        try
        {
            return method switch
            {
                Methods.Publish => Publish(participant, parameters),
                Methods.Unpublish => WithProducerId(parameters, id => Unpublish(participant, id)),
                Methods.MuteTrack => MuteTrack(participant, parameters),
                Methods.Subscribe => Subscribe(participant, parameters),
                Methods.Unsubscribe => WithProducerId(parameters, id =>
                {
                    participant.Unsubscribe(id);
                    return MediaReply.Ok();
                }),
                Methods.SetPreferredLayer => SetPreferredLayer(participant, parameters),
                Methods.SubscriberAnswer => SubscriberAnswer(participant, parameters),
                Methods.RestartIce => RestartIce(participant, parameters),
                _ => MediaReply.Error(ErrorCodes.MethodNotFound, null),
            };
        }
        catch (MediaRequestException e)
        {
            return MediaReply.Error(e.Code, e.Message);
        }
    }

    private static MediaReply Publish(ParticipantMedia participant, JsonElement parameters)
    {
        if (!TryGetString(parameters, "sdp", out var sdp) || !parameters.TryGetProperty("tracks", out var tracksElement) || tracksElement.ValueKind != JsonValueKind.Array)
        {
            return MediaReply.Error(ErrorCodes.InvalidParams, "publish needs sdp (string) and tracks (array).");
        }

        PublishTrack[] tracks;
        try
        {
            tracks = tracksElement.Deserialize(MediaJsonContext.Default.PublishTrackArray) ?? [];
        }
        catch (JsonException e)
        {
            return MediaReply.Error(ErrorCodes.InvalidParams, "tracks: " + e.Message);
        }

        var outcome = participant.Publish(sdp, tracks);
        return new MediaReply(
            JsonSerializer.Serialize(outcome.Result, MediaJsonContext.Default.PublishResult), 0, null,
            [.. outcome.Added.Select(ToRoomProducer)], [.. outcome.Removed.Select(removed => removed.ProducerId)], []);
    }

    private static MediaReply Unpublish(ParticipantMedia participant, string producerId)
    {
        participant.Unpublish(producerId);
        return MediaReply.Ok() with { Removed = [producerId] };
    }

    private static MediaReply MuteTrack(ParticipantMedia participant, JsonElement parameters)
    {
        if (!parameters.TryGetProperty("muted", out var mutedElement) || mutedElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return MediaReply.Error(ErrorCodes.InvalidParams, "muteTrack needs producerId and muted (bool).");
        }

        bool muted = mutedElement.GetBoolean();
        return WithProducerId(parameters, producerId =>
        {
            // The producer as it is now: an operator's lock keeps it muted whatever was asked.
            var producer = participant.Mute(producerId, muted);
            return MediaReply.Ok() with { MuteChanged = [ToRoomProducer(producer)] };
        });
    }

    private static MediaReply Subscribe(ParticipantMedia participant, JsonElement parameters)
    {
        int? layer = parameters.TryGetProperty("spatialLayer", out var layerElement) && layerElement.TryGetInt32(out var value) ? value : null;
        return WithProducerId(parameters, producerId =>
        {
            var track = participant.Room.FindTrack(producerId)
                ?? throw new MediaRequestException(ErrorCodes.ProducerNotFound, $"No producer {producerId} in this room's media.");
            if (ReferenceEquals(track.Owner, participant))
            {
                throw new MediaRequestException(ErrorCodes.InvalidParams, "A participant does not subscribe to its own producer.");
            }

            var consumer = participant.AddConsumer(track, layer, explicitRequest: true)!;
            return MediaReply.Ok(JsonSerializer.Serialize(new SubscribeResult(consumer), MediaJsonContext.Default.SubscribeResult));
        });
    }

    private static MediaReply SetPreferredLayer(ParticipantMedia participant, JsonElement parameters)
    {
        if (!parameters.TryGetProperty("spatialLayer", out var spatialElement) || !spatialElement.TryGetInt32(out var spatial))
        {
            return MediaReply.Error(ErrorCodes.InvalidParams, "setPreferredLayer needs producerId and spatialLayer (0, 1 or 2).");
        }

        int? temporal = parameters.TryGetProperty("temporalLayer", out var temporalElement) && temporalElement.TryGetInt32(out var t) ? t : null;
        return WithProducerId(parameters, producerId =>
        {
            participant.SetPreferredLayer(producerId, spatial, temporal);
            return MediaReply.Ok();
        });
    }

    private static MediaReply SubscriberAnswer(ParticipantMedia participant, JsonElement parameters)
    {
        if (!TryGetString(parameters, "sdp", out var sdp) || !parameters.TryGetProperty("version", out var versionElement) || !versionElement.TryGetInt64(out var version))
        {
            return MediaReply.Error(ErrorCodes.InvalidParams, "subscriberAnswer needs sdp (string) and version (number).");
        }

        participant.ApplyAnswer(sdp, version);
        return MediaReply.Ok();
    }

    private static MediaReply RestartIce(ParticipantMedia participant, JsonElement parameters)
    {
        if (!TryGetString(parameters, "transport", out var transport) || transport != "recv")
        {
            return MediaReply.Error(ErrorCodes.InvalidParams, "restartIce takes transport \"recv\"; the send transport restarts through publish.");
        }

        participant.RestartRecvIce();
        return MediaReply.Ok();
    }

    private static RoomProducer ToRoomProducer(WireProducer producer) =>
        new(producer.ProducerId, producer.Kind, producer.Source, producer.Muted, producer.Codec, producer.Layers, producer.AdminMuted == true);

    private static MediaReply WithProducerId(JsonElement parameters, Func<string, MediaReply> action) =>
        TryGetString(parameters, "producerId", out var producerId)
            ? action(producerId)
            : MediaReply.Error(ErrorCodes.InvalidParams, "producerId (string) is required.");

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
}
