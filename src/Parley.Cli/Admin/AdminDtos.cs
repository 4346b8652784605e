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

/// <summary>A live room in <c>GET /api/apps/{id}/rooms</c>.</summary>
internal sealed record RoomSummaryInfo(long SdkAppId, long RoomId, string Owner, int MemberCount, DateTimeOffset CreatedAt, DateTimeOffset? EmptySince,
    DateTimeOffset? DissolvesAt);

/// <summary>A published track of a member; bitrate and loss when the media node reported them.</summary>
internal sealed record RoomTrackInfo(string ProducerId, string Source, string Kind, bool Muted, bool AdminMuted, string Codec, int Layers,
    long? BitrateBps, double? PacketLoss);

/// <summary>A member of a room; <see cref="JoinedAt"/> in Unix milliseconds.</summary>
internal sealed record RoomMemberInfo(string Identifier, string Role, string Platform, bool IsOwner, long JoinedAt, IReadOnlyList<RoomTrackInfo> Tracks);

/// <summary><c>GET /api/apps/{id}/rooms/{roomId}</c>.</summary>
internal sealed record RoomDetailsInfo(long SdkAppId, long RoomId, string Owner, DateTimeOffset CreatedAt, DateTimeOffset? EmptySince,
    DateTimeOffset? DissolvesAt, IReadOnlyList<RoomMemberInfo> Members);

internal sealed record RemoveUsersBody(IReadOnlyList<string> Identifiers);

internal sealed record RemoveUsersInfo(IReadOnlyList<string> Removed, IReadOnlyList<string> NotInRoom);

internal sealed record MuteTrackBody(string Source, bool Muted);
