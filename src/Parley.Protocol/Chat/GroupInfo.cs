namespace Parley.Protocol.Chat;

/// <summary>A group's profile as a member sees it, with the member's own <paramref name="Role"/> and the group's <paramref name="LastSeq"/>.</summary>
public sealed record GroupInfo(
    string GroupId,
    string Type,
    string Name,
    string? Introduction,
    string? Notification,
    string? FaceUrl,
    string? Owner,
    int MemberCount,
    int MaxMemberCount,
    string ApplyJoinOption,
    bool ShutUpAll,
    long LastSeq,
    string? Role);
