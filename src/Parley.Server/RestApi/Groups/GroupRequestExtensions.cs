using Parley.Signaling.Groups;

namespace Parley.Server.RestApi.Groups;

/// <summary>The field every group command names its group by.</summary>
internal static class GroupRequestExtensions
{
    /// <summary>The body's <c>GroupId</c> when it is a well-formed group id, else null (the caller answers 10004).</summary>
    public static string? GroupId(this RestApiRequest request) =>
        request.OptionalString("GroupId") is { } groupId && GroupIds.IsWellFormed(groupId) ? groupId : null;
}
