using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Parley.Signaling.Abstractions;
using Parley.Signaling.Callbacks;
using Parley.Signaling.Grains;
using Parley.Signaling.Groups;
using Parley.Signaling.Login;
using Parley.Signaling.Messages;

namespace Parley.Server.RestApi.Groups;

/// <summary>
/// Group messages through the vendor's REST commands (product-rules §6, §7): <c>send_group_msg</c> and
/// <c>group_msg_get_simple</c> (history, newest first). A send asks the app's before-send callback first, as a client's
/// does, unless its <c>ForbidCallbackControl</c> holds <c>ForbidBeforeSendMsgCallback</c> (docs/callbacks.md §4).
/// </summary>
internal sealed class GroupMessageCommands(IGrainFactory grains, IGroupStore store, TimeProvider time, IBeforeSendCallback beforeSend,
    IOptions<RestApiOptions> options)
{
    private const int MaxHistoryPage = 20;

    /// <summary><c>{GroupId, From_Account?, Random, MsgPriority?, MsgBody: [{MsgType, MsgContent}…]}</c> → <c>{MsgTime, MsgSeq}</c>.</summary>
    public async Task<RestApiResult> SendAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId() is not { } groupId)
        {
            return RestApiRequest.Missing("GroupId");
        }

        var from = request.OptionalString("From_Account");
        if (from is not null && !IdentifierRules.IsValid(from))
        {
            return RestApiRequest.Missing("From_Account");
        }

        var random = request.OptionalInteger("Random", -1);
        if (random is < 0 or > uint.MaxValue)
        {
            return RestApiRequest.Missing("Random (a 32-bit unsigned integer)");
        }

        var priority = request.OptionalString("MsgPriority") ?? "Normal";
        if (!MessageBodyRules.IsPriority(priority))
        {
            return RestApiRequest.Missing("MsgPriority (High, Normal, Low or Lowest)");
        }

        if (MessageBodyOf(request, out var body) is { } bodyError)
        {
            return bodyError;
        }

        var group = grains.GetGrain<IGroupGrain>(GrainKeys.Group(request.SdkAppId, groupId));
        if (!request.ForbidsCallback("ForbidBeforeSendMsgCallback") && await beforeSend.IsEnabledAsync(request.SdkAppId, cancellationToken)
            && await group.GetInfo(from).WaitAsync(cancellationToken) is { } info && (from is null || info.Role is not null))
        {
            // Asked only when the grain would take the message (the group exists; a named sender is a member).
            var verdict = await beforeSend.CheckAsync(new BeforeSendMessage(request.SdkAppId, from ?? options.Value.AdminIdentifier, (uint)random, body,
                groupId, info.Group.Type.ToString(), Priority: priority, FromRestApi: true), cancellationToken);
            if (!verdict.Allowed)
            {
                return RestApiResult.Fail(verdict.ErrorCode, verdict.ErrorInfo);
            }

            body = verdict.MsgBody ?? body;
        }

        var outcome = await group.Send(from, (uint)random, priority, body, time.GetUtcNow().ToUnixTimeMilliseconds()).WaitAsync(cancellationToken);
        return outcome.ErrorCode != 0
            ? RestApiResult.Fail(outcome.ErrorCode, outcome.ErrorInfo)
            : RestApiResult.Ok(new JsonObject { ["MsgTime"] = outcome.MsgTime, ["MsgSeq"] = outcome.MsgSeq });
    }

    /// <summary>
    /// <c>{GroupId, ReqMsgNumber (1–20), ReqMsgSeq?}</c> → <c>{GroupId, IsFinished, RspMsgList: [{From_Account, IsPlaceMsg,
    /// MsgBody, MsgPriority, MsgRandom, MsgSeq, MsgTimeStamp}]}</c>, from <c>ReqMsgSeq</c> (default: the newest) down;
    /// a seq with no stored message (a hole) comes as <c>IsPlaceMsg: 1</c>.
    /// </summary>
    public async Task<RestApiResult> GetHistoryAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId() is not { } groupId)
        {
            return RestApiRequest.Missing("GroupId");
        }

        var number = request.OptionalInteger("ReqMsgNumber", 0);
        if (number is < 1 or > MaxHistoryPage)
        {
            return RestApiRequest.Missing($"ReqMsgNumber (1 to {MaxHistoryPage})");
        }

        var group = await store.FindAsync(request.SdkAppId, groupId, cancellationToken);
        if (group is null)
        {
            return RestApiResult.Fail(GroupErrorCodes.GroupNotFound, "group does not exist or was destroyed");
        }

        if (!GroupTypes.KeepsHistory(group.Type))
        {
            return RestApiResult.Fail(GroupErrorCodes.NoPermission, $"a {group.Type} group keeps no message history");
        }

        var last = await store.GetLastMessageSeqAsync(request.SdkAppId, groupId, cancellationToken);
        var top = Math.Min(request.OptionalInteger("ReqMsgSeq", last), last);
        var bottom = Math.Max(1, top - number + 1);
        var stored = top < 1 ? [] : await store.ListMessagesAsync(request.SdkAppId, groupId, top, (int)number, cancellationToken);
        var bySeq = stored.ToDictionary(m => m.MsgSeq);
        var list = new JsonArray();
        for (var seq = top; seq >= bottom; seq--)
        {
            list.Add(bySeq.TryGetValue(seq, out var m) && !m.Recalled
                ? new JsonObject
                {
                    ["From_Account"] = m.From,
                    ["IsPlaceMsg"] = 0,
                    ["MsgBody"] = JsonNode.Parse(m.MsgBody),
                    ["MsgPriority"] = m.Priority,
                    ["MsgRandom"] = m.MsgRandom,
                    ["MsgSeq"] = m.MsgSeq,
                    ["MsgTimeStamp"] = m.MsgTime,
                }
                : new JsonObject { ["IsPlaceMsg"] = 1, ["MsgSeq"] = seq });
        }

        return RestApiResult.Ok(new JsonObject { ["GroupId"] = groupId, ["IsFinished"] = bottom <= 1 ? 1 : 0, ["RspMsgList"] = list });
    }

    /// <summary>The body's <c>MsgBody</c> as JSON text when it keeps product-rules §6 (<see cref="MessageBodyRules"/>), else the 10004 answer.</summary>
    internal static RestApiResult? MessageBodyOf(RestApiRequest request, out string body)
    {
        body = "";
        if (request.OptionalArray("MsgBody") is not { } array)
        {
            return RestApiRequest.Missing("MsgBody");
        }

        using var document = JsonDocument.Parse(array.ToJsonString());
        if (MessageBodyRules.Check(document.RootElement) is { } error)
        {
            return RestApiResult.Fail(GroupErrorCodes.InvalidParameter, error);
        }

        body = document.RootElement.GetRawText();
        return null;
    }
}
