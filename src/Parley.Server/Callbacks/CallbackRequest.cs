namespace Parley.Server.Callbacks;

/// <summary>
/// One callback request: where, for which app, signed with which key, with which body. <see cref="Command"/> is the IM
/// <c>CallbackCommand</c> (query parameters added) or null for room and media events; <see cref="EventId"/> and
/// <see cref="Attempt"/> are sent as <c>X-Parley-Event-Id</c> / <c>X-Parley-Attempt</c> for outbox events;
/// <see cref="OptPlatform"/> is the vendor's query parameter (<c>RESTAPI</c> for the REST API's sends).
/// </summary>
public sealed record CallbackRequest(
    string Url,
    long SdkAppId,
    string SigningKey,
    string Body,
    string? Command = null,
    string? EventId = null,
    int Attempt = 1,
    string? OptPlatform = null);
