namespace Parley.Server.Admin;

/// <summary>The before-send part of <see cref="CallbackSettingsResponse"/>.</summary>
public sealed record BeforeSendSettingsResponse(string? Url, int TimeoutMs, bool FailOpen);
