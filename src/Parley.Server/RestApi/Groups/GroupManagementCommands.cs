using System.Text.Json.Nodes;
using Parley.Signaling.Abstractions;
using Parley.Signaling.Grains;
using Parley.Signaling.Groups;
using Parley.Signaling.Login;

namespace Parley.Server.RestApi.Groups;

/// <summary>
/// Group management through the vendor's <c>group_open_http_svc</c> commands (product-rules §5, §7):
/// <c>modify_group_base_info</c>, <c>modify_group_member_info</c>, <c>change_group_owner</c>, <c>forbid_send_msg</c>,
/// <c>get_group_shutted_uin</c>, <c>send_group_system_notification</c>, <c>group_msg_recall</c>,
/// <c>get_appid_group_list</c>, <c>get_online_member_num</c>. The app's backend acts with the owner's rights; each change goes through the group's grain.
/// </summary>
internal sealed class GroupManagementCommands(IGrainFactory grains, IGroupStore store, TimeProvider time)
{
    private const int MaxBatch = 500;

    /// <summary>
    /// <c>{GroupId, Name?, Introduction?, Notification?, FaceUrl?, MaxMemberNum?, ApplyJoinOption?, ShutUpAllMember?: "On"|"Off",
    /// AppDefinedData?: [{Key, Value}]}</c>.
    /// </summary>
    public async Task<RestApiResult> ModifyBaseInfoAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId() is not { } groupId)
        {
            return RestApiRequest.Missing("GroupId");
        }

        var shutUpAllText = request.OptionalString("ShutUpAllMember");
        if (shutUpAllText is not (null or "On" or "Off"))
        {
            return RestApiRequest.Missing("ShutUpAllMember (On or Off)");
        }

        var shutUpAll = shutUpAllText is null ? (bool?)null : shutUpAllText == "On";
        Dictionary<string, string>? appDefined = null;
        if (request.OptionalArray("AppDefinedData") is { } fields)
        {
            appDefined = [];
            foreach (var field in fields)
            {
                if (RestApiRequest.FieldOf(field, "Key") is not { Length: > 0 } key || RestApiRequest.FieldOf(field, "Value") is not { } value)
                {
                    return RestApiRequest.Missing("AppDefinedData[].Key/Value");
                }

                appDefined[key] = value;
            }
        }

        var max = request.Body["MaxMemberNum"] is null ? (int?)null : (int)Math.Clamp(request.OptionalInteger("MaxMemberNum", 0), 0, int.MaxValue);
        var change = new GroupProfileChange(request.OptionalString("Name"), request.OptionalString("Introduction"), request.OptionalString("Notification"),
            request.OptionalString("FaceUrl"), max, request.OptionalString("ApplyJoinOption"), shutUpAll, appDefined);
        return (await Group(request, groupId).ModifyProfile(null, change, Now).WaitAsync(cancellationToken)).ToEnvelope();
    }

    /// <summary><c>{GroupId, Member_Account, Role?: "Admin"|"Member", ShutUpTime?: seconds, NameCard?}</c>.</summary>
    public async Task<RestApiResult> ModifyMemberInfoAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId() is not { } groupId)
        {
            return RestApiRequest.Missing("GroupId");
        }

        if (request.OptionalString("Member_Account") is not { } member || !IdentifierRules.IsValid(member))
        {
            return RestApiRequest.Missing("Member_Account");
        }

        var group = Group(request, groupId);
        if (request.OptionalString("Role") is { } role && await group.SetRole(null, member, role, Now).WaitAsync(cancellationToken) is { ErrorCode: not 0 } roleFailed)
        {
            return roleFailed.ToEnvelope();
        }

        if (request.Body["ShutUpTime"] is not null
            && await group.Mute(null, [member], request.OptionalInteger("ShutUpTime", -1), Now).WaitAsync(cancellationToken) is { ErrorCode: not 0 } muteFailed)
        {
            return muteFailed.ToEnvelope();
        }

        if (request.OptionalString("NameCard") is { } nameCard
            && await group.SetNameCard(null, member, nameCard, Now).WaitAsync(cancellationToken) is { ErrorCode: not 0 } cardFailed)
        {
            return cardFailed.ToEnvelope();
        }

        return RestApiResult.Ok();
    }

    /// <summary><c>{GroupId, NewOwner_Account}</c>.</summary>
    public async Task<RestApiResult> ChangeOwnerAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId() is not { } groupId)
        {
            return RestApiRequest.Missing("GroupId");
        }

        if (request.OptionalString("NewOwner_Account") is not { } owner || !IdentifierRules.IsValid(owner))
        {
            return RestApiRequest.Missing("NewOwner_Account");
        }

        return (await Group(request, groupId).ChangeOwner(null, owner, Now).WaitAsync(cancellationToken)).ToEnvelope();
    }

    /// <summary><c>{GroupId, Members_Account: [UserID…], ShutUpTime}</c> (seconds; 0 unmutes).</summary>
    public async Task<RestApiResult> ForbidSendAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId() is not { } groupId)
        {
            return RestApiRequest.Missing("GroupId");
        }

        if (Accounts(request, "Members_Account") is not { } members)
        {
            return RestApiRequest.Missing($"Members_Account (1 to {MaxBatch} UserIDs)");
        }

        var seconds = request.OptionalInteger("ShutUpTime", -1);
        if (seconds < 0)
        {
            return RestApiRequest.Missing("ShutUpTime (seconds, 0 unmutes)");
        }

        return (await Group(request, groupId).Mute(null, members, seconds, Now).WaitAsync(cancellationToken)).ToEnvelope();
    }

    /// <summary><c>{GroupId}</c> → <c>{GroupId, ShuttedUinList: [{Member_Account, ShuttedUntil}]}</c>: members muted now.</summary>
    public async Task<RestApiResult> GetMutedAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId() is not { } groupId)
        {
            return RestApiRequest.Missing("GroupId");
        }

        var view = await Group(request, groupId).GetView().WaitAsync(cancellationToken);
        if (view is null)
        {
            return RestApiResult.Fail(GroupErrorCodes.GroupNotFound, "group does not exist or was destroyed");
        }

        var now = Now;
        var list = new JsonArray();
        foreach (var member in view.Members.Where(m => m.ShutUpUntil > now))
        {
            list.Add(new JsonObject { ["Member_Account"] = member.Identifier, ["ShuttedUntil"] = member.ShutUpUntil });
        }

        return RestApiResult.Ok(new JsonObject { ["GroupId"] = groupId, ["ShuttedUinList"] = list });
    }

    /// <summary><c>{GroupId, ToMembers_Account?: [UserID…], Content}</c>: a custom system notification (all members when none named).</summary>
    public async Task<RestApiResult> SendSystemNotificationAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId() is not { } groupId)
        {
            return RestApiRequest.Missing("GroupId");
        }

        if (request.OptionalString("Content") is not { Length: > 0 } content)
        {
            return RestApiRequest.Missing("Content");
        }

        IReadOnlyList<string>? members = null;
        if (request.Body["ToMembers_Account"] is not null && (members = Accounts(request, "ToMembers_Account")) is null)
        {
            return RestApiRequest.Missing($"ToMembers_Account (1 to {MaxBatch} UserIDs)");
        }

        return (await Group(request, groupId).SendSystemNotification(members, content, Now).WaitAsync(cancellationToken)).ToEnvelope();
    }

    /// <summary><c>{GroupId, MsgSeqList: [{MsgSeq}]}</c> → <c>{RecallRetList: [{MsgSeq, RetCode}]}</c> (0 recalled, 10004 no such message).</summary>
    public async Task<RestApiResult> RecallAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId() is not { } groupId)
        {
            return RestApiRequest.Missing("GroupId");
        }

        var seqs = request.OptionalArray("MsgSeqList")?.Select(item => (item as JsonObject)?["MsgSeq"] is JsonValue v && v.TryGetValue<long>(out var seq) ? seq : 0).ToList();
        if (seqs is not { Count: > 0 and <= MaxBatch } || seqs.Any(s => s < 1))
        {
            return RestApiRequest.Missing("MsgSeqList[].MsgSeq");
        }

        var outcome = await Group(request, groupId).Recall(null, seqs, time.GetUtcNow().ToUnixTimeMilliseconds()).WaitAsync(cancellationToken);
        if (outcome.ErrorCode != 0)
        {
            return outcome.ToEnvelope();
        }

        var results = new JsonArray();
        for (var i = 0; i < seqs.Count; i++)
        {
            results.Add(new JsonObject { ["MsgSeq"] = seqs[i], ["RetCode"] = outcome.Results![i] });
        }

        return RestApiResult.Ok(new JsonObject { ["RecallRetList"] = results });
    }

    /// <summary><c>{Limit?, Next?, GroupType?}</c> → <c>{TotalCount, GroupIdList: [{GroupId}], Next}</c>; <c>Next</c> 0 when there is no more.</summary>
    public async Task<RestApiResult> ListAppGroupsAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        GroupType? type = null;
        if (request.OptionalString("GroupType") is { } typeName)
        {
            if (!GroupTypes.TryParse(typeName, out var parsed))
            {
                return RestApiRequest.Missing("GroupType (Private, Public, ChatRoom, AVChatRoom or BChatRoom)");
            }

            type = parsed;
        }

        var limit = (int)Math.Clamp(request.OptionalInteger("Limit", 10_000), 1, 10_000);
        var offset = (int)Math.Clamp(request.OptionalInteger("Next", 0), 0, int.MaxValue);
        var (ids, total) = await store.ListAppGroupsAsync(request.SdkAppId, type, offset, limit, cancellationToken);
        var list = new JsonArray();
        foreach (var id in ids)
        {
            list.Add(new JsonObject { ["GroupId"] = id });
        }

        var next = offset + ids.Count < total ? offset + ids.Count : 0;
        return RestApiResult.Ok(new JsonObject { ["TotalCount"] = total, ["GroupIdList"] = list, ["Next"] = next });
    }

    /// <summary><c>{GroupId}</c> → <c>{OnlineMemberNum}</c>: members with a live session plus guests watching (AVChatRoom), over every server.</summary>
    public async Task<RestApiResult> GetOnlineMemberNumAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId() is not { } groupId)
        {
            return RestApiRequest.Missing("GroupId");
        }

        var group = Group(request, groupId);
        if (await group.GetInfo(null).WaitAsync(cancellationToken) is null)
        {
            return RestApiResult.Fail(GroupErrorCodes.GroupNotFound, "group does not exist or was destroyed");
        }

        return RestApiResult.Ok(new JsonObject { ["OnlineMemberNum"] = await group.CountOnline().WaitAsync(cancellationToken) });
    }

    private static IReadOnlyList<string>? Accounts(RestApiRequest request, string field) =>
        request.OptionalArray(field) is { Count: > 0 and <= MaxBatch } list && list.All(a => IdentifierRules.IsValid(RestApiRequest.StringOf(a)))
            ? [.. list.Select(a => RestApiRequest.StringOf(a)!)]
            : null;

    private long Now => time.GetUtcNow().ToUnixTimeSeconds();

    private IGroupGrain Group(RestApiRequest request, string groupId) => grains.GetGrain<IGroupGrain>(GrainKeys.Group(request.SdkAppId, groupId));
}
