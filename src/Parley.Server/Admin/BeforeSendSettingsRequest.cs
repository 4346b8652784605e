namespace Parley.Server.Admin;

/// <summary>The before-send part of <see cref="CallbackSettingsRequest"/>; <c>timeoutMs</c> defaults to 2000 (100–5000), <c>failOpen</c> to true.</summary>
public sealed record BeforeSendSettingsRequest(string? Url, int? TimeoutMs, bool? FailOpen);
