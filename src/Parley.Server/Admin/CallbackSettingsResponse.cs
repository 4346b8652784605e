using Parley.Server.Storage;

namespace Parley.Server.Admin;

/// <summary>
/// An app's callback settings as the admin API shows them. <see cref="SigningKey"/> is given only in the answer of the
/// PUT that generated, set or rotated it; otherwise <see cref="HasSigningKey"/> tells whether there is one.
/// <see cref="Pending"/> counts the app's events waiting in the outbox.
/// </summary>
public sealed record CallbackSettingsResponse(
    string? Url,
    IReadOnlyList<int>? Events,
    BeforeSendSettingsResponse BeforeSend,
    bool HasSigningKey,
    string? SigningKey,
    int Pending,
    DateTimeOffset? UpdatedAt)
{
    /// <summary>What an app without settings has: nothing sent, before-send off (with the defaults it would get).</summary>
    public static CallbackSettingsResponse None(int pending) =>
        new(null, null, new BeforeSendSettingsResponse(null, AdminCallbackEndpoints.DefaultBeforeSendTimeoutMs, true), false, null, pending, null);

    public static CallbackSettingsResponse From(CallbackSettings settings, int pending, bool showKey) =>
        new(settings.Url, settings.Events, new BeforeSendSettingsResponse(settings.BeforeSendUrl, settings.BeforeSendTimeoutMs, settings.BeforeSendFailOpen),
            true, showKey ? settings.SigningKey : null, pending, settings.UpdatedAt);
}
