namespace Parley.Server.Admin;

/// <summary>
/// Body of <c>PUT /api/apps/{sdkAppId}/callbacks</c> (docs/admin-api.md): the whole settings, replacing the old.
/// <paramref name="Url"/> null turns event callbacks off; <paramref name="Events"/> null means every event;
/// <paramref name="BeforeSend"/> null (or its url null) turns the before-send callback off. The signing key is generated
/// at the first PUT and kept after; <paramref name="SigningKey"/> sets one, <paramref name="RotateSigningKey"/> makes a new one.
/// </summary>
public sealed record CallbackSettingsRequest(
    string? Url,
    IReadOnlyList<int>? Events,
    BeforeSendSettingsRequest? BeforeSend,
    string? SigningKey = null,
    bool RotateSigningKey = false);
