namespace Parley.Protocol.Chat;

/// <summary>Params of <c>createGroup</c>: the creator becomes the owner; <paramref name="Members"/> are invited at once (not in AVChatRoom/BChatRoom).</summary>
public sealed record CreateGroupParams(
    string Type,
    string Name,
    string? GroupId = null,
    IReadOnlyList<string>? Members = null,
    string? Introduction = null,
    string? Notification = null,
    string? FaceUrl = null,
    string? ApplyJoinOption = null,
    int? MaxMemberCount = null);
