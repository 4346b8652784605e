using System.Text.Json;
using Parley.Server.Storage;

namespace Parley.Server.Admin;

/// <summary>
/// A dead letter as the admin API shows it: the event's number and id, the URL of its last attempt, how many attempts
/// were made and how the last failed (<c>outbox full…</c> when it was pushed out of a full outbox), when the event
/// happened and when it was given up, and the body that was (to be) sent.
/// </summary>
public sealed record DeadLetterResponse(
    long Id,
    string EventId,
    int EventType,
    string Url,
    int Attempts,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset DeadAt,
    JsonElement Body)
{
    public static DeadLetterResponse From(DeadLetterRecord record)
    {
        using var body = JsonDocument.Parse(record.Body);
        return new(record.Id, record.EventId, record.EventType, record.Url, record.Attempts, record.LastError, record.CreatedAt, record.DeadAt,
            body.RootElement.Clone());
    }
}
