using Parley.Protocol.Chat;
using Parley.Protocol.Errors;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Signaling.Groups;
using Parley.Signaling.JsonRpc;
using Parley.Signaling.Login;

namespace Parley.Signaling.Sessions;

/// <summary>Group methods of docs/protocol.md §14: create, join/quit, invite/kick, approvals, roles, mutes, profile, lists.</summary>
internal sealed partial class SignalingSession
{
    private const int MaxMembersPerCall = 500;

    private Task GroupMethodAsync(string rawId, JsonRpcRequest request, SessionLogin login)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        return request.Method switch
        {
            ChatMethods.CreateGroup => Read(rawId, request, Chat.CreateGroup, p => CreateGroupAsync(rawId, p, login, now)),
            ChatMethods.JoinGroup => ReadGroup(rawId, request, async p =>
            {
                var joined = await Group(login, p.GroupId).Join(login.Identifier, p.Message, now);
                if (joined.ErrorCode != 0)
                {
                    ReplyError(rawId, joined.ErrorCode, joined.ErrorInfo);
                    return;
                }

                Reply(rawId, new JoinGroupResult(joined.Status, joined.LastSeq), ProtocolJsonContext.Default.JoinGroupResult);
            }),
            ChatMethods.QuitGroup => ReadGroup(rawId, request, async p => Answer(rawId, await Group(login, p.GroupId).Quit(login.Identifier, now))),
            ChatMethods.DismissGroup => ReadGroup(rawId, request, async p => Answer(rawId, await Group(login, p.GroupId).Destroy(login.Identifier, now))),
            ChatMethods.InviteToGroup => ReadGroup(rawId, request, async p =>
            {
                if (Members(rawId, p) is { } members)
                {
                    Answer(rawId, await Group(login, p.GroupId).AddMembers(login.Identifier, members, now));
                }
            }),
            ChatMethods.KickGroupMembers => ReadGroup(rawId, request, async p =>
            {
                if (Members(rawId, p) is { } members)
                {
                    Answer(rawId, await Group(login, p.GroupId).RemoveMembers(login.Identifier, members, now));
                }
            }),
            ChatMethods.HandleJoinRequest => Read(rawId, request, Chat.HandleJoinRequest, async p =>
            {
                if (!GroupIds.IsWellFormed(p.GroupId) || !IdentifierRules.IsValid(p.Applicant))
                {
                    ReplyError(rawId, ErrorCodes.InvalidParams, "groupId and applicant are required");
                    return;
                }

                Answer(rawId, await Group(login, p.GroupId).HandleJoinRequest(login.Identifier, p.Applicant, p.Approve, p.Reason, now));
            }),
            ChatMethods.GetJoinedGroups => GetJoinedGroupsAsync(rawId, login),
            ChatMethods.GetGroupMembers => ReadGroup(rawId, request, p => GetGroupMembersAsync(rawId, p, login)),
            ChatMethods.ModifyGroupProfile => Read(rawId, request, Chat.ModifyProfile, async p =>
            {
                if (!GroupIds.IsWellFormed(p.GroupId))
                {
                    ReplyError(rawId, ErrorCodes.InvalidParams, "groupId is required");
                    return;
                }

                var change = new GroupProfileChange(p.Name, p.Introduction, p.Notification, p.FaceUrl, p.MaxMemberCount, p.ApplyJoinOption, p.ShutUpAll);
                Answer(rawId, await Group(login, p.GroupId).ModifyProfile(login.Identifier, change, now));
            }),
            ChatMethods.SetGroupMemberRole or ChatMethods.MuteGroupMember or ChatMethods.TransferGroupOwner =>
                Read(rawId, request, Chat.ManageMember, p => ManageMemberAsync(rawId, request.Method!, p, login, now)),
            _ => Unknown(rawId),
        };
    }

    private Task Unknown(string rawId)
    {
        ReplyError(rawId, ErrorCodes.MethodNotFound);
        return Task.CompletedTask;
    }

    private Task ReadGroup(string rawId, JsonRpcRequest request, Func<GroupParams, Task> handler) =>
        Read(rawId, request, Chat.Group, p =>
        {
            if (!GroupIds.IsWellFormed(p.GroupId))
            {
                ReplyError(rawId, ErrorCodes.InvalidParams, "groupId is required");
                return Task.CompletedTask;
            }

            return handler(p);
        });

    private IReadOnlyList<string>? Members(string rawId, GroupParams p)
    {
        if (p.Members is not { Count: > 0 and <= MaxMembersPerCall } members || members.Any(m => !IdentifierRules.IsValid(m)))
        {
            ReplyError(rawId, ErrorCodes.InvalidParams, $"members must be 1 to {MaxMembersPerCall} valid identifiers");
            return null;
        }

        return members;
    }

    private void Answer(string rawId, GroupOutcome outcome)
    {
        if (outcome.ErrorCode != 0)
        {
            ReplyError(rawId, outcome.ErrorCode, outcome.ErrorInfo);
            return;
        }

        Reply(rawId, new EmptyResult(), ProtocolJsonContext.Default.EmptyResult);
    }

    private async Task CreateGroupAsync(string rawId, CreateGroupParams p, SessionLogin login, long now)
    {
        var check = GroupCreation.TryBuild(login.SdkAppId, p.Type, p.Name, p.GroupId, login.Identifier, p.MaxMemberCount, p.ApplyJoinOption,
            p.Introduction, p.Notification, p.FaceUrl, now, out var group);
        if (check.ErrorCode != 0)
        {
            ReplyError(rawId, check.ErrorCode, check.ErrorInfo);
            return;
        }

        var members = new List<GroupMemberRecord> { new(login.Identifier, GroupRoles.Owner, now) };
        if (p.Members is { Count: > 0 } invited)
        {
            if (!GroupTypes.AcceptsAddedMembers(group!.Type) || invited.Count > MaxMembersPerCall || invited.Any(m => !IdentifierRules.IsValid(m)))
            {
                ReplyError(rawId, GroupErrorCodes.InvalidParameter, $"members: up to {MaxMembersPerCall} valid identifiers, and none for {group.Type}");
                return;
            }

            members.AddRange(invited.Select(m => new GroupMemberRecord(m, GroupRoles.Member, now)));
        }

        var outcome = await Group(login, group!.GroupId).Create(group, members);
        if (outcome.ErrorCode != 0)
        {
            ReplyError(rawId, outcome.ErrorCode, outcome.ErrorInfo);
            return;
        }

        Reply(rawId, new CreateGroupResult(group.GroupId), ProtocolJsonContext.Default.CreateGroupResult);
    }

    private async Task GetJoinedGroupsAsync(string rawId, SessionLogin login)
    {
        var groups = new List<GroupInfo>();
        foreach (var (groupId, _) in await _services.GroupStore.ListMembershipsAsync(login.SdkAppId, login.IdentifierKey, CancellationToken.None))
        {
            if (await Group(login, groupId).GetInfo(login.Identifier) is { Role: not null } info)
            {
                var g = info.Group;
                groups.Add(new GroupInfo(g.GroupId, g.Type.ToString(), g.Name, g.Introduction, g.Notification, g.FaceUrl, g.Owner, info.MemberCount,
                    g.MaxMemberCount, g.ApplyJoinOption, g.ShutUpAll, info.LastSeq, info.Role));
            }
        }

        Reply(rawId, new GroupListResult(groups), ProtocolJsonContext.Default.GroupListResult);
    }

    private async Task GetGroupMembersAsync(string rawId, GroupParams p, SessionLogin login)
    {
        var view = await Group(login, p.GroupId).GetView();
        if (view is null || !view.Members.Any(m => IdentifierRules.Key(m.Identifier) == login.IdentifierKey))
        {
            ReplyError(rawId, view is null ? GroupErrorCodes.GroupNotFound : GroupErrorCodes.NoPermission,
                view is null ? "no such group" : "only members list a group's members");
            return;
        }

        var page = view.Members.Skip(Math.Max(0, p.Offset ?? 0)).Take(Math.Clamp(p.Limit ?? 100, 1, 1_000))
            .Select(m => new GroupMemberInfo(m.Identifier, m.Role, m.JoinedAt, m.ShutUpUntil, m.NameCard)).ToList();
        Reply(rawId, new GroupMembersResult(page, view.Members.Count), ProtocolJsonContext.Default.GroupMembersResult);
    }

    private async Task ManageMemberAsync(string rawId, string method, ManageGroupMemberParams p, SessionLogin login, long now)
    {
        if (!GroupIds.IsWellFormed(p.GroupId) || !IdentifierRules.IsValid(p.Member))
        {
            ReplyError(rawId, ErrorCodes.InvalidParams, "groupId and member are required");
            return;
        }

        var group = Group(login, p.GroupId);
        var outcome = method switch
        {
            ChatMethods.SetGroupMemberRole => p.Role is { } role
                ? await group.SetRole(login.Identifier, p.Member, role, now)
                : GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, "role is required (Admin or Member)"),
            ChatMethods.MuteGroupMember => p.Seconds is { } seconds
                ? await group.Mute(login.Identifier, [p.Member], seconds, now)
                : GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, "seconds is required (0 unmutes)"),
            _ => await group.ChangeOwner(login.Identifier, p.Member, now),
        };
        Answer(rawId, outcome);
    }
}
