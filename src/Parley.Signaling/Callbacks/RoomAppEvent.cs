namespace Parley.Signaling.Callbacks;

/// <summary>
/// A room event (101–105) or media event (201–206) of product-rules §8. <paramref name="UserId"/> is the member it is
/// about (the owner for 101, none for 102); <paramref name="Role"/> the member's role name (103, 105);
/// <paramref name="ExitReason"/> the <c>memberExited</c> reason of 104 (<see cref="Protocol.Messages.ExitReasons"/>).
/// </summary>
public sealed record RoomAppEvent(
    long SdkAppId,
    int EventType,
    long EventMsTs,
    long RoomId,
    string? UserId = null,
    string? Role = null,
    string? ExitReason = null) : AppEvent(SdkAppId, EventType, EventMsTs);
