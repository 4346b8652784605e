using System.Text.Json.Serialization;
using WireProducer = Parley.Protocol.Messages.Producer;

namespace Parley.Server.Media.Rooms;

/// <summary>A subscriber's copy of a producer on the wire (docs/protocol.md §9, <c>Consumer</c>).</summary>
public sealed record ConsumerInfo(string ConsumerId, string ProducerId, string Identifier, string Kind, string Source, string Mid, int? SpatialLayer, int? PreferredLayer);

/// <summary>The <c>subscribe</c> result.</summary>
public sealed record SubscribeResult(ConsumerInfo Consumer);

/// <summary>One entry of <c>publish</c>'s <c>tracks</c>.</summary>
public sealed record PublishTrack(string Mid, string Source, bool? Muted);

/// <summary>The <c>publish</c> result: the answer and all of this participant's producers.</summary>
public sealed record PublishResult(string Sdp, IReadOnlyList<WireProducer> Producers);

/// <summary>The <c>subscriberOffer</c> event.</summary>
public sealed record SubscriberOfferEvent(string Sdp, long Version, IReadOnlyList<ConsumerInfo> Consumers);

/// <summary>The <c>consumerLayerChanged</c> event.</summary>
public sealed record ConsumerLayerChangedEvent(string ConsumerId, string ProducerId, int? SpatialLayer);

/// <summary>One entry of <c>activeSpeakers</c>.</summary>
public sealed record SpeakerLevel(string Identifier, int Level);

/// <summary>The <c>activeSpeakers</c> event.</summary>
public sealed record ActiveSpeakersEvent(long RoomId, IReadOnlyList<SpeakerLevel> Speakers);

/// <summary>One participant's link quality on the vendor's 0–5 scale (0 unknown, 1 excellent … 5 very bad).</summary>
public sealed record QualityInfo(string Identifier, int Uplink, int Downlink);

/// <summary>The <c>networkQuality</c> event.</summary>
public sealed record NetworkQualityEvent(long RoomId, QualityInfo Local, IReadOnlyList<QualityInfo> Remote);

/// <summary>Source-generated JSON for the media wire models (camelCase, as the rest of the protocol).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(WireProducer))]
[JsonSerializable(typeof(SubscribeResult))]
[JsonSerializable(typeof(ConsumerInfo))]
[JsonSerializable(typeof(PublishTrack[]))]
[JsonSerializable(typeof(PublishResult))]
[JsonSerializable(typeof(SubscriberOfferEvent))]
[JsonSerializable(typeof(ConsumerLayerChangedEvent))]
[JsonSerializable(typeof(ActiveSpeakersEvent))]
[JsonSerializable(typeof(NetworkQualityEvent))]
internal sealed partial class MediaJsonContext : JsonSerializerContext;
