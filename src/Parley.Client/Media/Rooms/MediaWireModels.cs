using System.Text.Json.Serialization;

namespace Parley.Client.Media.Rooms;

/// <summary>One entry of <c>publish</c>'s <c>tracks</c> (protocol.md §10.1).</summary>
internal sealed record PublishTrackWire(string Mid, string Source, bool? Muted);

internal sealed record PublishParamsWire(string Sdp, IReadOnlyList<PublishTrackWire> Tracks);

internal sealed record PublishResultWire(string Sdp, IReadOnlyList<ProducerInfo> Producers);

internal sealed record ProducerIdParamsWire(string ProducerId);

internal sealed record MuteTrackParamsWire(string ProducerId, bool Muted);

internal sealed record SubscribeParamsWire(string ProducerId, int? SpatialLayer);

internal sealed record SubscribeResultWire(ConsumerInfo Consumer);

internal sealed record SetPreferredLayerParamsWire(string ProducerId, int SpatialLayer, int? TemporalLayer);

internal sealed record SubscriberAnswerParamsWire(string Sdp, long Version);

/// <summary>The <c>mediaReset</c> event (§10.9).</summary>
internal sealed record MediaResetEventWire(long RoomId, string Reason);

internal sealed record SubscriberOfferEventWire(string Sdp, long Version, IReadOnlyList<ConsumerInfo> Consumers);

internal sealed record EmptyResultWire;

/// <summary>Source-generated JSON for the media methods and events (camelCase, as the rest of the protocol).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PublishParamsWire))]
[JsonSerializable(typeof(PublishResultWire))]
[JsonSerializable(typeof(ProducerIdParamsWire))]
[JsonSerializable(typeof(MuteTrackParamsWire))]
[JsonSerializable(typeof(SubscribeParamsWire))]
[JsonSerializable(typeof(SubscribeResultWire))]
[JsonSerializable(typeof(SetPreferredLayerParamsWire))]
[JsonSerializable(typeof(SubscriberAnswerParamsWire))]
[JsonSerializable(typeof(SubscriberOfferEventWire))]
[JsonSerializable(typeof(MediaResetEventWire))]
[JsonSerializable(typeof(EmptyResultWire))]
internal sealed partial class MediaJsonContext : JsonSerializerContext;
