using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Protocol.Chat;
using Parley.Signaling.Login;

namespace Parley.Signaling.Groups;

// The profile, roles, mutes, name cards and ownership; each change is a tip in the group's stream.
internal sealed partial class GroupGrain
{
    public async Task<GroupOutcome> ModifyProfile(string? op, GroupProfileChange change, long now)
    {
        if (_group is not { } group)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        if (!IsManager(op))
        {
            return Denied(op, $"change the profile of group {_groupId}");
        }

        if (change.Name is { } name && (name.Length == 0 || Encoding.UTF8.GetByteCount(name) > GroupCreation.MaxNameBytes))
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, $"Name must be 1 to {GroupCreation.MaxNameBytes} bytes");
        }

        if (change.MaxMemberCount is { } max && (max < Math.Max(1, _members.Count) || max > GroupTypes.MaxMembers(group.Type)))
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter,
                $"MaxMemberNum must be between the member count ({_members.Count}) and the {group.Type} limit ({GroupTypes.MaxMembers(group.Type)})");
        }

        if (change.ApplyJoinOption is { } option && option is not ("FreeAccess" or "NeedPermission" or "DisableApply"))
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, "ApplyJoinOption must be FreeAccess, NeedPermission or DisableApply");
        }

        var updated = group with
        {
            Name = change.Name ?? group.Name,
            Introduction = change.Introduction ?? group.Introduction,
            Notification = change.Notification ?? group.Notification,
            FaceUrl = change.FaceUrl ?? group.FaceUrl,
            MaxMemberCount = change.MaxMemberCount ?? group.MaxMemberCount,
            ApplyJoinOption = change.ApplyJoinOption ?? group.ApplyJoinOption,
            ShutUpAll = change.ShutUpAll ?? group.ShutUpAll,
            AppDefinedData = MergeAppDefined(group.AppDefinedData, change.AppDefinedData),
        };
        await SaveAsync(updated, [], now);
        await EmitTipAsync(op, TipTypes.ModifyGroupInfo, [], ProfileChanges(change), now * 1000);
        return GroupOutcome.Ok();
    }

    public async Task<GroupOutcome> SetRole(string? op, string member, string role, long now)
    {
        if (_group is null)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        if (RoleOf(op) != GroupRoles.Owner)
        {
            return Denied(op, $"appoint or revoke admins of group {_groupId} (only its owner)");
        }

        if (role is not (GroupRoles.Admin or GroupRoles.Member))
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, "Role must be Admin or Member");
        }

        if (!_members.TryGetValue(IdentifierRules.Key(member), out var record))
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, $"{member} is not a member of group {_groupId}");
        }

        if (record.Role == GroupRoles.Owner)
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, "the owner's role changes only by transferring the ownership");
        }

        if (record.Role != role)
        {
            await SaveAsync(_group, [record with { Role = role }], now);
            await EmitTipAsync(op, role == GroupRoles.Admin ? TipTypes.SetAdmin : TipTypes.CancelAdmin, [record.Identifier], null, now * 1000);
        }

        return GroupOutcome.Ok();
    }

    public async Task<GroupOutcome> Mute(string? op, IReadOnlyList<string> members, long seconds, long now)
    {
        if (_group is null)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        if (seconds < 0)
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, "ShutUpTime must be 0 (unmute) or a number of seconds");
        }

        var changed = new List<GroupMemberRecord>();
        foreach (var identifier in members)
        {
            if (!_members.TryGetValue(IdentifierRules.Key(identifier), out var record))
            {
                return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, $"{identifier} is not a member of group {_groupId}");
            }

            if (!Outranks(op, record))
            {
                return Denied(op, $"mute {record.Identifier} in group {_groupId}");
            }

            changed.Add(record with { ShutUpUntil = seconds == 0 ? 0 : now + seconds });
        }

        if (changed.Count > 0)
        {
            await SaveAsync(_group, changed, now);
            await EmitTipAsync(op, TipTypes.ModifyMemberInfo, [.. changed.Select(m => m.Identifier)], new JsonObject { ["ShutUpTime"] = seconds }, now * 1000);
        }

        return GroupOutcome.Ok();
    }

    public async Task<GroupOutcome> SetNameCard(string? op, string member, string nameCard, long now)
    {
        if (_group is null)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        if (!_members.TryGetValue(IdentifierRules.Key(member), out var record))
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, $"{member} is not a member of group {_groupId}");
        }

        var self = op is not null && IdentifierRules.Key(op) == IdentifierRules.Key(member);
        if (!self && !Outranks(op, record))
        {
            return Denied(op, $"change the name card of {record.Identifier}");
        }

        await SaveAsync(_group, [record with { NameCard = nameCard }], now);
        return GroupOutcome.Ok();
    }

    public async Task<GroupOutcome> ChangeOwner(string? op, string newOwner, long now)
    {
        if (_group is not { } group)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        if (RoleOf(op) != GroupRoles.Owner)
        {
            return Denied(op, $"transfer the ownership of group {_groupId} (only its owner)");
        }

        if (!_members.TryGetValue(IdentifierRules.Key(newOwner), out var next))
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, $"{newOwner} is not a member of group {_groupId}");
        }

        if (next.Role == GroupRoles.Owner)
        {
            return GroupOutcome.Ok();
        }

        var changed = new List<GroupMemberRecord> { next with { Role = GroupRoles.Owner } };
        if (group.Owner is { } owner && _members.TryGetValue(IdentifierRules.Key(owner), out var previous))
        {
            changed.Add(previous with { Role = GroupRoles.Member });
        }

        await SaveAsync(group with { Owner = next.Identifier }, changed, now);
        await EmitTipAsync(op, TipTypes.ChangeOwner, [next.Identifier], null, now * 1000);
        return GroupOutcome.Ok();
    }

    private static string? MergeAppDefined(string? current, IReadOnlyDictionary<string, string>? change)
    {
        if (change is null)
        {
            return current;
        }

        var merged = current is null ? [] : JsonSerializer.Deserialize(current, GroupJsonContext.Default.DictionaryStringString) ?? [];
        foreach (var (key, value) in change)
        {
            if (value.Length == 0)
            {
                merged.Remove(key); // the vendor deletes an app-defined field set to ""
            }
            else
            {
                merged[key] = value;
            }
        }

        return merged.Count == 0 ? null : JsonSerializer.Serialize(merged, GroupJsonContext.Default.DictionaryStringString);
    }

    /// <summary>The changed fields, as a tip's <c>GroupInfo</c> shows them (the vendor's names).</summary>
    private static JsonObject ProfileChanges(GroupProfileChange change)
    {
        var info = new JsonObject();
        void Put(string name, JsonNode? value)
        {
            if (value is not null)
            {
                info[name] = value;
            }
        }

        Put("Name", change.Name);
        Put("Introduction", change.Introduction);
        Put("Notification", change.Notification);
        Put("FaceUrl", change.FaceUrl);
        Put("MaxMemberNum", change.MaxMemberCount);
        Put("ApplyJoinOption", change.ApplyJoinOption);
        Put("ShutUpAllMember", change.ShutUpAll is { } all ? (all ? "On" : "Off") : null);
        return new JsonObject { ["GroupInfo"] = info };
    }
}
