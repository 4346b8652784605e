namespace Parley.Server.Storage;

/// <summary>
/// An outbox row one dispatcher holds for delivery until its lease ends: only the holder of
/// <see cref="ClaimToken"/> completes, reschedules or buries it. <see cref="Attempts"/> counts the attempts before this one.
/// </summary>
public sealed record ClaimedCallback(
    long Id,
    string EventId,
    long SdkAppId,
    int EventType,
    string Url,
    string Body,
    int Attempts,
    DateTimeOffset CreatedAt,
    string ClaimToken);
