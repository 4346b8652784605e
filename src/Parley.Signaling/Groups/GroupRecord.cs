namespace Parley.Signaling.Groups;

/// <summary>A group's profile as stored. Times are Unix seconds, as the vendor's REST API gives them.</summary>
[GenerateSerializer, Immutable, Alias("parley.GroupRecord")]
public sealed record GroupRecord(
    [property: Id(0)] long SdkAppId,
    [property: Id(1)] string GroupId,
    [property: Id(2)] GroupType Type,
    [property: Id(3)] string Name,
    [property: Id(4)] string? Introduction,
    [property: Id(5)] string? Notification,
    [property: Id(6)] string? FaceUrl,
    [property: Id(7)] string? Owner,
    [property: Id(8)] int MaxMemberCount,
    [property: Id(9)] string ApplyJoinOption,
    [property: Id(10)] long CreatedAt);
