namespace Parley.Cli.Admin;

// The admin API's JSON shapes as the CLI reads and writes them (docs/admin-api.md). Kept here rather than shared with
// the server so the CLI stays a small client without a reference to the server assembly.

/// <summary>An app as listed or created; <see cref="PrivateKeyPem"/> only in the creation answer.</summary>
internal sealed record AppInfo(long SdkAppId, long AccountType, string Name, string SecretKey, string? PublicKeyPem, DateTimeOffset CreatedAt,
    string? PrivateKeyPem, bool RequirePrivateMapKey = false);

internal sealed record CreateAppBody(string? Name, long? AccountType, bool WithKeyPair, bool RequirePrivateMapKey = false);

internal sealed record UpdateAppBody(bool? RequirePrivateMapKey);

internal sealed record VideoInfo(int Width, int Height, int Fps, int MinBitrateKbps, int MaxBitrateKbps);

internal sealed record AudioInfo(int SampleRate, int Channels, int BitrateKbps);

internal sealed record RoleInfo(string Name, string Platform, VideoInfo Video, AudioInfo Audio, bool IsDefault);

internal sealed record PutRoleBody(VideoInfo Video, AudioInfo Audio, bool IsDefault);

internal sealed record ErrorInfo(int Code, string? Message);
