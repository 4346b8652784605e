namespace Parley.Server.Storage;

/// <summary>
/// A callback that was not delivered: its retries ran out (<see cref="LastError"/> says how the last attempt failed), or
/// it was pushed out of a full outbox. Kept for operators to read and send again (docs/callbacks.md).
/// </summary>
public sealed record DeadLetterRecord(
    long Id,
    string EventId,
    long SdkAppId,
    int EventType,
    string Url,
    string Body,
    int Attempts,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset DeadAt);
