namespace Parley.Signaling.Grains;

/// <summary>Result of <see cref="IRoomGrain.SendMessage"/>: 0 and the sender's sequence number, or an error code.</summary>
[GenerateSerializer, Immutable, Alias("parley.RoomMessageOutcome")]
public sealed record RoomMessageOutcome(int ErrorCode, long Seq);
