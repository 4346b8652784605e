using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Parley.Server.RestApi.Accounts;
using Parley.Server.RestApi.Groups;
using Parley.Protocol.Errors;
using Parley.Signaling.Limits;
using Parley.Signaling.Login;

namespace Parley.Server.RestApi;

/// <summary>
/// <c>POST /v4/{service}/{command}?sdkappid=…&amp;identifier=…&amp;usersig=…&amp;random=…&amp;contenttype=json</c>
/// (product-rules §7): authenticates the app admin's userSig from the query string, parses the body and runs the
/// command. Every outcome is an envelope; nothing here throws on client input.
/// </summary>
internal sealed class RestApiDispatcher(UserSigAuthenticator authenticator, IOptions<RestApiOptions> options, AccountCommands accounts, GroupCommands groups,
    GroupMessageCommands groupMessages, GroupManagementCommands management, Messages.C2CCommands c2c, AbuseLimits limits)
{
    public async Task<RestApiResult> HandleAsync(string service, string command, HttpRequest request, CancellationToken cancellationToken)
    {
        // docs/limits.md: the caller's address before anything is checked, the app once its admin's userSig verified,
        // and message sends against the app's message budget (shared with signaling).
        if (!limits.TryAcquire(AbuseLimit.RestPerAddress, request.HttpContext.Connection.RemoteIpAddress, out var refusal))
        {
            return Limited(refusal);
        }

        var query = request.Query;
        if (!long.TryParse(query["sdkappid"], out var sdkAppId) || string.IsNullOrEmpty(query["identifier"]) || string.IsNullOrEmpty(query["usersig"]))
        {
            return RestApiResult.Fail(RestApiErrorCodes.NeedsAppAdmin, "sdkappid, identifier (the app admin) and usersig are required in the query string");
        }

        string identifier = query["identifier"]!;
        if (!string.Equals(identifier, options.Value.AdminIdentifier, StringComparison.OrdinalIgnoreCase))
        {
            return RestApiResult.Fail(RestApiErrorCodes.NeedsAppAdmin, $"identifier must be the app admin ({options.Value.AdminIdentifier})");
        }

        var check = await authenticator.CheckAsync(sdkAppId, identifier, query["usersig"]!, cancellationToken);
        if (!check.IsValid)
        {
            return RestApiResult.Fail(check.ErrorCode, check.ErrorMessage);
        }

        if (!limits.TryAcquire(AbuseLimit.RestPerApp, sdkAppId, out refusal))
        {
            return Limited(refusal);
        }

        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) as JsonObject
                ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            return RestApiResult.Fail(RestApiErrorCodes.JsonParseError, "The body is not a JSON object");
        }

        var call = new RestApiRequest(sdkAppId, body);
        var (lowerService, lowerCommand) = (service.ToLowerInvariant(), command.ToLowerInvariant());
        var sendsMessage = (lowerService, lowerCommand) is ("group_open_http_svc", "send_group_msg") or ("openim", "sendmsg");
        if (sendsMessage && !limits.TryAcquire(AbuseLimit.MessagePerApp, sdkAppId, out refusal))
        {
            return Limited(refusal);
        }

        var result = await RunAsync(lowerService, lowerCommand, call, cancellationToken)
            ?? RestApiResult.Fail(RestApiErrorCodes.InvalidCommand, $"Unknown command {service}/{command}");
        if (result.ErrorCode == Parley.Signaling.Groups.GroupErrorCodes.MessageRate)
        {
            limits.CountHit(LimitNames.GroupMessages); // the group's 40/s (product-rules §5)
        }

        return result;
    }

    private static RestApiResult Limited(LimitRefusal refusal)
    {
        var wait = refusal.RetryAfterMs is { } ms ? $"; retry after {ms} ms" : "";
        var info = refusal.Limit switch
        {
            AbuseLimit.RestPerAddress => "REST API calls from this address are over Limits:RestPerAddress" + wait,
            AbuseLimit.RestPerApp => "REST API calls of this app are over Limits:RestPerApp" + wait,
            _ => ErrorCodes.Describe(refusal.Code),
        };
        return RestApiResult.Limited(refusal, info);
    }

    /// <summary>Runs the command (<paramref name="service"/> and <paramref name="command"/> in lower case); null for an unknown one.</summary>
    private async Task<RestApiResult?> RunAsync(string service, string command, RestApiRequest call, CancellationToken cancellationToken) =>
        (service, command) switch
        {
            ("im_open_login_svc", "account_import") => await accounts.ImportAsync(call, cancellationToken),
            ("im_open_login_svc", "multiaccount_import") => await accounts.ImportManyAsync(call, cancellationToken),
            ("im_open_login_svc", "account_delete") => await accounts.DeleteAsync(call, cancellationToken),
            ("im_open_login_svc", "account_check") => await accounts.CheckAsync(call, cancellationToken),
            ("im_open_login_svc", "kick") => await accounts.KickAsync(call, cancellationToken),
            ("openim", "querystate") or ("openim", "query_online_status") => await accounts.QueryStateAsync(call, cancellationToken),
            ("group_open_http_svc", "create_group") => await groups.CreateAsync(call, cancellationToken),
            ("group_open_http_svc", "get_group_info") => await groups.GetInfoAsync(call, cancellationToken),
            ("group_open_http_svc", "get_group_member_info") => await groups.GetMembersAsync(call, cancellationToken),
            ("group_open_http_svc", "add_group_member") => await groups.AddMembersAsync(call, cancellationToken),
            ("group_open_http_svc", "delete_group_member") => await groups.DeleteMembersAsync(call, cancellationToken),
            ("group_open_http_svc", "destroy_group") => await groups.DestroyAsync(call, cancellationToken),
            ("group_open_http_svc", "get_joined_group_list") => await groups.GetJoinedAsync(call, cancellationToken),
            ("group_open_http_svc", "send_group_msg") => await groupMessages.SendAsync(call, cancellationToken),
            ("group_open_http_svc", "group_msg_get_simple") => await groupMessages.GetHistoryAsync(call, cancellationToken),
            ("group_open_http_svc", "modify_group_base_info") => await management.ModifyBaseInfoAsync(call, cancellationToken),
            ("group_open_http_svc", "modify_group_member_info") => await management.ModifyMemberInfoAsync(call, cancellationToken),
            ("group_open_http_svc", "change_group_owner") => await management.ChangeOwnerAsync(call, cancellationToken),
            ("group_open_http_svc", "forbid_send_msg") => await management.ForbidSendAsync(call, cancellationToken),
            ("group_open_http_svc", "get_group_shutted_uin") => await management.GetMutedAsync(call, cancellationToken),
            ("group_open_http_svc", "send_group_system_notification") => await management.SendSystemNotificationAsync(call, cancellationToken),
            ("group_open_http_svc", "group_msg_recall") => await management.RecallAsync(call, cancellationToken),
            ("group_open_http_svc", "get_appid_group_list") => await management.ListAppGroupsAsync(call, cancellationToken),
            ("group_open_http_svc", "get_online_member_num") => await management.GetOnlineMemberNumAsync(call, cancellationToken),
            ("openim", "sendmsg") => await c2c.SendAsync(call, cancellationToken),
            ("openim", "admin_getroammsg") => await c2c.GetRoamAsync(call, cancellationToken),
            ("openim", "admin_msgwithdraw") => await c2c.WithdrawAsync(call, cancellationToken),
            _ => null,
        };
}
