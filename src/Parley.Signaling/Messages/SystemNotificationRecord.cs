namespace Parley.Signaling.Messages;

/// <summary>
/// A stored group system notification for one user (docs/protocol.md §14, <c>groupSystemNotification</c>): type, group,
/// operator (empty: the app's backend), Unix seconds, and the optional applicant, message and custom content.
/// <paramref name="Id"/> is 0 until stored.
/// </summary>
[GenerateSerializer, Immutable, Alias("parley.SystemNotificationRecord")]
public sealed record SystemNotificationRecord(
    [property: Id(0)] long Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string GroupId,
    [property: Id(3)] string Operator,
    [property: Id(4)] long Time,
    [property: Id(5)] string? Applicant = null,
    [property: Id(6)] string? Message = null,
    [property: Id(7)] string? Content = null);
