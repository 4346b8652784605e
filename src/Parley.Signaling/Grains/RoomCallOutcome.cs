namespace Parley.Signaling.Grains;

/// <summary>
/// Result of a room operation routed through a user grain: <see cref="ErrorCode"/> 0 on success (else an
/// <c>ErrorCodes</c> value), the room concerned, whether a join created it (R3.6), and the room as it is afterwards.
/// </summary>
[GenerateSerializer, Immutable, Alias("parley.RoomCallOutcome")]
public sealed record RoomCallOutcome(int ErrorCode, long RoomId, bool Created, RoomView? View)
{
    public static RoomCallOutcome Failure(int errorCode, long roomId = 0) => new(errorCode, roomId, false, null);
}
