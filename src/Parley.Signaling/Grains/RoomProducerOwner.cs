namespace Parley.Signaling.Grains;

/// <summary>A producer of a room with its owner's display identifier and session (for subscribe checks).</summary>
[GenerateSerializer, Immutable, Alias("parley.RoomProducerOwner")]
public sealed record RoomProducerOwner(string Identifier, string SessionId, RoomProducer Producer);
