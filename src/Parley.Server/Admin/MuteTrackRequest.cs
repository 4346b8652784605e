namespace Parley.Server.Admin;

/// <summary>
/// Body of <c>POST /api/apps/{sdkAppId}/rooms/{roomId}/members/{identifier}/mute</c>: the source (<c>microphone</c>,
/// <c>camera</c>, <c>screen</c>) and whether to lock it muted (default true) or release the lock (false).
/// </summary>
public sealed record MuteTrackRequest(string? Source, bool? Muted);
