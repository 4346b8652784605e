namespace Parley.Signaling.Groups;

/// <summary>
/// A group's profile as stored. Times are Unix seconds, as the vendor's REST API gives them. <paramref name="AppDefinedData"/>
/// is the app-defined fields as a JSON object text (<c>{"Key":"Value"}</c>); <paramref name="LastActiveAt"/> the last
/// membership or profile change (a Private group idle for 30 days is reclaimed, product-rules §5).
/// </summary>
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
    [property: Id(10)] long CreatedAt,
    [property: Id(11)] bool ShutUpAll = false,
    [property: Id(12)] string? AppDefinedData = null,
    [property: Id(13)] long LastActiveAt = 0);
