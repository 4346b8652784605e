namespace Parley.Protocol.Chat;

/// <summary>Params of <c>modifyGroupProfile</c> (owner or admin): the fields given change, the others stay.</summary>
public sealed record ModifyGroupProfileParams(
    string GroupId,
    string? Name = null,
    string? Introduction = null,
    string? Notification = null,
    string? FaceUrl = null,
    string? ApplyJoinOption = null,
    bool? ShutUpAll = null,
    int? MaxMemberCount = null);
