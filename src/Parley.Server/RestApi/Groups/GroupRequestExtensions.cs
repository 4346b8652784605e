using Parley.Signaling.Groups;

namespace Parley.Server.RestApi.Groups;

/// <summary>The field every group command names its group by, and how a group operation's outcome becomes the envelope.</summary>
internal static class GroupRequestExtensions
{
    /// <summary>The body's <c>GroupId</c> when it is a well-formed group id, else null (the caller answers 10004).</summary>
    public static string? GroupId(this RestApiRequest request) =>
        request.OptionalString("GroupId") is { } groupId && GroupIds.IsWellFormed(groupId) ? groupId : null;

    /// <summary>OK, or FAIL with the operation's vendor code and message.</summary>
    public static RestApiResult ToEnvelope(this GroupOutcome outcome) =>
        outcome.ErrorCode != 0 ? RestApiResult.Fail(outcome.ErrorCode, outcome.ErrorInfo) : RestApiResult.Ok();
}
