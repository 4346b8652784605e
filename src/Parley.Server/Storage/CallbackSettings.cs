namespace Parley.Server.Storage;

/// <summary>
/// An app's event callbacks as stored (docs/callbacks.md). <see cref="Url"/> receives the events (null: none are sent);
/// <see cref="Events"/> the event numbers wanted (null: all); the before-send callback is off while
/// <see cref="BeforeSendUrl"/> is null. <see cref="SigningKey"/> keys the <c>Sign</c> header of every request.
/// </summary>
public sealed record CallbackSettings(
    long SdkAppId,
    string? Url,
    IReadOnlyList<int>? Events,
    string? BeforeSendUrl,
    int BeforeSendTimeoutMs,
    bool BeforeSendFailOpen,
    string SigningKey,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Whether events of <paramref name="eventType"/> go to <see cref="Url"/>.</summary>
    public bool Wants(int eventType) => Url is not null && (Events is null || Events.Contains(eventType));
}
