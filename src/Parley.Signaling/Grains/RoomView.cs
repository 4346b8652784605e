namespace Parley.Signaling.Grains;

/// <summary>
/// A snapshot of a live room: owner (R3.4), creation time, members in join order, and, when it is empty and
/// waiting to be dissolved (R3.5), since when and when it will be (<see cref="DissolvesAtMs"/>). Times are Unix milliseconds.
/// </summary>
[GenerateSerializer, Immutable, Alias("parley.RoomView")]
public sealed record RoomView(long SdkAppId, long RoomId, string Owner, long CreatedAtMs, long? EmptySinceMs, IReadOnlyList<RoomMemberView> Members,
    long? DissolvesAtMs = null);
