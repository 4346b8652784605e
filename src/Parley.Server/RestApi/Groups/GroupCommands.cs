using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Parley.Signaling.Abstractions;
using Parley.Signaling.Grains;
using Parley.Signaling.Groups;
using Parley.Signaling.Login;

namespace Parley.Server.RestApi.Groups;

/// <summary>
/// Groups through the vendor's <c>group_open_http_svc</c> commands (product-rules §5, §7): <c>create_group</c>,
/// <c>get_group_info</c>, <c>get_group_member_info</c>, <c>add_group_member</c>, <c>delete_group_member</c>,
/// <c>destroy_group</c>, <c>get_joined_group_list</c>. Every change goes through the group's grain.
/// </summary>
internal sealed class GroupCommands(IGrainFactory grains, IGroupStore store, TimeProvider time)
{
    private const int MaxBatch = 500;

    /// <summary>
    /// <c>{Owner_Account?, Type, GroupId?, Name, Introduction?, Notification?, FaceUrl?, MaxMemberCount?,
    /// ApplyJoinOption?, MemberList?: [{Member_Account, Role?}]}</c> → <c>GroupId</c>.
    /// </summary>
    public async Task<RestApiResult> CreateAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        var owner = request.OptionalString("Owner_Account");
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var check = GroupCreation.TryBuild(request.SdkAppId, request.OptionalString("Type"), request.OptionalString("Name"), request.OptionalString("GroupId"), owner,
            request.Body["MaxMemberCount"] is null ? null : request.OptionalInteger("MaxMemberCount", 0), request.OptionalString("ApplyJoinOption"),
            request.OptionalString("Introduction"), request.OptionalString("Notification"), request.OptionalString("FaceUrl"), now, out var group);
        if (check.ErrorCode != 0)
        {
            return RestApiResult.Fail(check.ErrorCode, check.ErrorInfo);
        }

        var type = group!.Type;
        var members = new List<GroupMemberRecord>();
        if (owner is not null)
        {
            members.Add(new GroupMemberRecord(owner, GroupRoles.Owner, now));
        }

        if (request.OptionalArray("MemberList") is { } list)
        {
            if (!GroupTypes.AcceptsAddedMembers(type) && list.Count > 0)
            {
                return RestApiResult.Fail(GroupErrorCodes.NoPermission, $"members join a {type} group by themselves; MemberList is not accepted");
            }

            foreach (var item in list)
            {
                var account = RestApiRequest.FieldOf(item, "Member_Account");
                if (!IdentifierRules.IsValid(account))
                {
                    return RestApiRequest.Missing("MemberList[].Member_Account");
                }

                var role = RestApiRequest.FieldOf(item, "Role") == GroupRoles.Admin ? GroupRoles.Admin : GroupRoles.Member;
                if (owner is null || !string.Equals(IdentifierRules.Key(account!), IdentifierRules.Key(owner), StringComparison.Ordinal))
                {
                    members.Add(new GroupMemberRecord(account!, role, now));
                }
            }
        }

        var outcome = await Group(request.SdkAppId, group.GroupId).Create(group, members).WaitAsync(cancellationToken);
        return outcome.ErrorCode != 0
            ? RestApiResult.Fail(outcome.ErrorCode, outcome.ErrorInfo)
            : RestApiResult.Ok(new JsonObject { ["GroupId"] = group.GroupId });
    }

    /// <summary><c>{GroupIdList: [GroupId…]}</c> → <c>GroupInfo: [{GroupId, ErrorCode, ErrorInfo, Type, Name, …, MemberNum, MemberList}]</c>.</summary>
    public async Task<RestApiResult> GetInfoAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.OptionalArray("GroupIdList") is not { Count: > 0 and <= 50 } ids)
        {
            return RestApiRequest.Missing("GroupIdList (1 to 50 group ids)");
        }

        var infos = new JsonArray();
        foreach (var id in ids)
        {
            var groupId = RestApiRequest.StringOf(id) ?? "";
            var view = GroupIds.IsWellFormed(groupId) ? await Group(request.SdkAppId, groupId).GetView().WaitAsync(cancellationToken) : null;
            if (view is null)
            {
                infos.Add(new JsonObject { ["GroupId"] = groupId, ["ErrorCode"] = GroupErrorCodes.GroupNotFound, ["ErrorInfo"] = "group does not exist or was destroyed" });
                continue;
            }

            var g = view.Group;
            var info = new JsonObject
            {
                ["GroupId"] = g.GroupId,
                ["ErrorCode"] = 0,
                ["ErrorInfo"] = "",
                ["Type"] = g.Type.ToString(),
                ["Name"] = g.Name,
                ["Introduction"] = g.Introduction ?? "",
                ["Notification"] = g.Notification ?? "",
                ["FaceUrl"] = g.FaceUrl ?? "",
                ["Owner_Account"] = g.Owner ?? "",
                ["CreateTime"] = g.CreatedAt,
                ["MemberNum"] = view.Members.Count,
                ["MaxMemberNum"] = g.MaxMemberCount,
                ["ApplyJoinOption"] = g.ApplyJoinOption,
                ["MemberList"] = MemberList(view.Members),
            };
            infos.Add(info);
        }

        return RestApiResult.Ok(new JsonObject { ["GroupInfo"] = infos });
    }

    /// <summary><c>{GroupId, Limit?, Offset?}</c> → <c>{MemberNum, MemberList: [{Member_Account, Role, JoinTime, ShutUpUntil}]}</c>.</summary>
    public async Task<RestApiResult> GetMembersAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        var (error, view) = await ViewAsync(request, cancellationToken);
        if (view is null)
        {
            return error!;
        }

        var offset = (int)Math.Clamp(request.OptionalInteger("Offset", 0), 0, int.MaxValue);
        var limit = (int)Math.Clamp(request.OptionalInteger("Limit", 6_000), 1, 6_000);
        return RestApiResult.Ok(new JsonObject
        {
            ["MemberNum"] = view.Members.Count,
            ["MemberList"] = MemberList(view.Members.Skip(offset).Take(limit)),
        });
    }

    /// <summary><c>{GroupId, Silence?, MemberList: [{Member_Account}…]}</c> → <c>MemberList: [{Member_Account, Result}]</c> (1 added, 2 already a member).</summary>
    public async Task<RestApiResult> AddMembersAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId() is not { } groupId)
        {
            return RestApiRequest.Missing("GroupId");
        }

        if (request.OptionalArray("MemberList") is not { Count: > 0 and <= MaxBatch } list)
        {
            return RestApiRequest.Missing($"MemberList (1 to {MaxBatch} members)");
        }

        var accounts = new List<string>();
        foreach (var item in list)
        {
            var account = RestApiRequest.FieldOf(item, "Member_Account");
            if (!IdentifierRules.IsValid(account))
            {
                return RestApiRequest.Missing("MemberList[].Member_Account");
            }

            accounts.Add(account!);
        }

        var outcome = await Group(request.SdkAppId, groupId).AddMembers(null, accounts, time.GetUtcNow().ToUnixTimeSeconds()).WaitAsync(cancellationToken);
        if (outcome.ErrorCode != 0)
        {
            return RestApiResult.Fail(outcome.ErrorCode, outcome.ErrorInfo);
        }

        var results = new JsonArray();
        for (var i = 0; i < accounts.Count; i++)
        {
            results.Add(new JsonObject { ["Member_Account"] = accounts[i], ["Result"] = outcome.Results![i] });
        }

        return RestApiResult.Ok(new JsonObject { ["MemberList"] = results });
    }

    /// <summary><c>{GroupId, Silence?, Reason?, MemberToDel_Account: [UserID…]}</c>.</summary>
    public async Task<RestApiResult> DeleteMembersAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId() is not { } groupId)
        {
            return RestApiRequest.Missing("GroupId");
        }

        if (request.OptionalArray("MemberToDel_Account") is not { Count: > 0 and <= MaxBatch } list
            || list.Any(a => !IdentifierRules.IsValid(RestApiRequest.StringOf(a))))
        {
            return RestApiRequest.Missing($"MemberToDel_Account (1 to {MaxBatch} UserIDs)");
        }

        var outcome = await Group(request.SdkAppId, groupId).RemoveMembers(null, [.. list.Select(a => RestApiRequest.StringOf(a)!)], time.GetUtcNow().ToUnixTimeSeconds()).WaitAsync(cancellationToken);
        return outcome.ToEnvelope();
    }

    /// <summary><c>{GroupId}</c>.</summary>
    public async Task<RestApiResult> DestroyAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId() is not { } groupId)
        {
            return RestApiRequest.Missing("GroupId");
        }

        var outcome = await Group(request.SdkAppId, groupId).Destroy(null, time.GetUtcNow().ToUnixTimeSeconds()).WaitAsync(cancellationToken);
        return outcome.ToEnvelope();
    }

    /// <summary><c>{Member_Account, Limit?, Offset?}</c> → <c>{TotalCount, GroupIdList: [{GroupId}]}</c>.</summary>
    public async Task<RestApiResult> GetJoinedAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        var account = request.OptionalString("Member_Account");
        if (!IdentifierRules.IsValid(account))
        {
            return RestApiRequest.Missing("Member_Account");
        }

        var offset = (int)Math.Clamp(request.OptionalInteger("Offset", 0), 0, int.MaxValue);
        var limit = (int)Math.Clamp(request.OptionalInteger("Limit", 10_000), 1, 10_000);
        var (ids, total) = await store.ListGroupsOfMemberAsync(request.SdkAppId, account!, offset, limit, cancellationToken);
        var list = new JsonArray();
        foreach (var id in ids)
        {
            list.Add(new JsonObject { ["GroupId"] = id });
        }

        return RestApiResult.Ok(new JsonObject { ["TotalCount"] = total, ["GroupIdList"] = list });
    }

    private async Task<(RestApiResult? Error, GroupView? View)> ViewAsync(RestApiRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupId() is not { } groupId)
        {
            return (RestApiRequest.Missing("GroupId"), null);
        }

        var view = await Group(request.SdkAppId, groupId).GetView().WaitAsync(cancellationToken);
        return view is null
            ? (RestApiResult.Fail(GroupErrorCodes.GroupNotFound, "group does not exist or was destroyed"), null)
            : (null, view);
    }

    private static JsonArray MemberList(IEnumerable<GroupMemberRecord> members)
    {
        var list = new JsonArray();
        foreach (var m in members)
        {
            list.Add(new JsonObject { ["Member_Account"] = m.Identifier, ["Role"] = m.Role, ["JoinTime"] = m.JoinedAt, ["ShutUpUntil"] = m.ShutUpUntil });
        }

        return list;
    }

    private IGroupGrain Group(long sdkAppId, string groupId) => grains.GetGrain<IGroupGrain>(GrainKeys.Group(sdkAppId, groupId));
}
