namespace Parley.Signaling.Grains;

/// <summary>
/// A producer (published track) as its room keeps it (docs/protocol.md §9): the room only keeps the book, the media
/// glue creates and closes the real producer and tells the room through <see cref="IRoomGrain.AddProducer"/> and
/// friends. <see cref="Kind"/> is <c>audio</c>|<c>video</c>, <see cref="Source"/> <c>microphone</c>|<c>camera</c>|<c>screen</c>
/// (<c>Parley.Protocol.Messages.TrackSources</c>). <see cref="AdminMuted"/>: an operator locks the source for the stay
/// (the media node says so when it creates the producer; <see cref="IRoomGrain.AdminMuteProducer"/> when it changes), so
/// the room's events and member lists can carry <c>adminMuted</c> (protocol.md §9).
/// </summary>
[GenerateSerializer, Immutable, Alias("parley.RoomProducer")]
public sealed record RoomProducer(string ProducerId, string Kind, string Source, bool Muted, string Codec = "", int Layers = 1, bool AdminMuted = false);
