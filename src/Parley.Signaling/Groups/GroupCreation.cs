using System.Globalization;
using System.Text;
using Parley.Signaling.Login;

namespace Parley.Signaling.Groups;

/// <summary>
/// The checks of a new group shared by REST <c>create_group</c> and the clients' <c>createGroup</c> (R5.3, product-rules
/// §5): type, name (1–30 bytes), custom id (10015), member limit never above the type's, join option.
/// </summary>
public static class GroupCreation
{
    /// <summary>Product-rules §5 / vendor: a group name is at most 30 bytes.</summary>
    public const int MaxNameBytes = 30;

    /// <summary>Builds the group record, or answers the vendor error code and what is wrong.</summary>
    public static GroupOutcome TryBuild(long sdkAppId, string? typeName, string? name, string? groupId, string? owner, long? maxMemberCount,
        string? applyJoinOption, string? introduction, string? notification, string? faceUrl, long now, out GroupRecord? group)
    {
        group = null;
        if (!GroupTypes.TryParse(typeName, out var type))
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, "Type must be Private, Public, ChatRoom, AVChatRoom or BChatRoom");
        }

        if (string.IsNullOrEmpty(name) || Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, $"Name must be 1 to {MaxNameBytes} bytes");
        }

        if (owner is not null && !IdentifierRules.IsValid(owner))
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, "Owner_Account is not a valid identifier");
        }

        if (groupId is not null && !GroupIds.IsValidCustom(groupId))
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupIdInvalid,
                $"GroupId must be printable ASCII of at most {GroupIds.MaxLength} bytes, not starting with {GroupIds.GeneratedPrefix}");
        }

        var typeMax = GroupTypes.MaxMembers(type);
        var max = maxMemberCount ?? typeMax;
        if (max < 1 || max > typeMax)
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter,
                $"MaxMemberCount must be 1 to {(typeMax == GroupTypes.Unlimited ? "unlimited" : typeMax.ToString(CultureInfo.InvariantCulture))} for {type}");
        }

        var applyJoin = applyJoinOption ?? (type == GroupType.Private ? "DisableApply" : "FreeAccess");
        if (applyJoin is not ("FreeAccess" or "NeedPermission" or "DisableApply"))
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, "ApplyJoinOption must be FreeAccess, NeedPermission or DisableApply");
        }

        group = new GroupRecord(sdkAppId, groupId ?? GroupIds.Generate(), type, name, introduction, notification, faceUrl, owner, (int)max, applyJoin, now,
            LastActiveAt: now);
        return GroupOutcome.Ok();
    }
}
