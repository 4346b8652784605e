namespace Parley.Signaling.Groups;

/// <summary>What <c>modify_group_base_info</c> / <c>modifyGroupProfile</c> changes: the fields that are not null.</summary>
[GenerateSerializer, Immutable, Alias("parley.GroupProfileChange")]
public sealed record GroupProfileChange(
    [property: Id(0)] string? Name = null,
    [property: Id(1)] string? Introduction = null,
    [property: Id(2)] string? Notification = null,
    [property: Id(3)] string? FaceUrl = null,
    [property: Id(4)] int? MaxMemberCount = null,
    [property: Id(5)] string? ApplyJoinOption = null,
    [property: Id(6)] bool? ShutUpAll = null,
    [property: Id(7)] IReadOnlyDictionary<string, string>? AppDefinedData = null);
