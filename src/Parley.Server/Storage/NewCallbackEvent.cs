namespace Parley.Server.Storage;

/// <summary>
/// An event entering the callback outbox: <see cref="EventId"/> names it across attempts and dead-letter retries (the
/// <c>X-Parley-Event-Id</c> header), <see cref="Body"/> is the exact JSON sent, <see cref="Url"/> where it goes first.
/// </summary>
public sealed record NewCallbackEvent(string EventId, long SdkAppId, int EventType, string Url, string Body, DateTimeOffset CreatedAt);
