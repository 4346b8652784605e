using Parley.Protocol.Chat;
using Parley.Protocol.Errors;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Signaling.Grains;
using Parley.Signaling.Groups;
using Parley.Signaling.JsonRpc;

namespace Parley.Signaling.Sessions;

/// <summary>
/// Guests (docs/protocol.md §14.4, R5.3 "guests who are not logged in can receive messages"): a connection that sends
/// <c>watchGroup {sdkAppId, groupId}</c> instead of <c>login</c> receives the AVChatRoom's live messages. It is
/// receive-only (everything but <c>ping</c> answers NotLoggedIn), counted by <c>get_online_member_num</c>, never
/// listed as a member.
/// </summary>
internal sealed partial class SignalingSession
{
    // Set once by watchGroup; read by EndAsync to unregister.
    private (long SdkAppId, string GroupId)? _guest;

    private async Task WatchGroupAsync(string rawId, JsonRpcRequest request)
    {
        if (_login is not null || SocketHandedOver || _guest is not null)
        {
            ReplyError(rawId, ErrorCodes.AlreadyLoggedIn);
            return;
        }

        if (!ParamsReader.TryRead(request, Chat.WatchGroup, out var p) || !GroupIds.IsWellFormed(p!.GroupId))
        {
            ReplyError(rawId, ErrorCodes.InvalidParams, "sdkAppId and groupId are required");
            return;
        }

        if (await _services.AppCatalog.FindAppAsync(p.SdkAppId, CancellationToken.None) is null)
        {
            ReplyError(rawId, ErrorCodes.SdkAppIdNotFound);
            return;
        }

        var info = await _services.Grains.GetGrain<IGroupGrain>(GrainKeys.Group(p.SdkAppId, p.GroupId)).GetInfo(null);
        if (info is null || info.Group.Type != GroupType.AVChatRoom)
        {
            ReplyError(rawId, info is null ? GroupErrorCodes.GroupNotFound : GroupErrorCodes.NoPermission,
                info is null ? "no such group" : "only an AVChatRoom can be watched without logging in");
            return;
        }

        _guest = (p.SdkAppId, p.GroupId);
        _services.LocalSessions.AddGuest(p.SdkAppId, p.GroupId, this);
        EndLoginDeadline();
        ArmHeartbeat();
        Reply(rawId, new WatchGroupResult(p.GroupId, info.Group.Name), ProtocolJsonContext.Default.WatchGroupResult);
    }

    /// <summary>What a guest may send besides watchGroup: ping. True when handled.</summary>
    private bool TryAnswerGuest(string rawId, string method)
    {
        if (_guest is null || _login is not null)
        {
            return false;
        }

        if (method == Methods.Ping)
        {
            Reply(rawId, new PingResult(_time.GetUtcNow().ToUnixTimeMilliseconds()), ProtocolJsonContext.Default.PingResult);
        }
        else
        {
            ReplyError(rawId, ErrorCodes.NotLoggedIn, "a guest only receives; log in to send");
        }

        return true;
    }

    private void EndGuest()
    {
        if (_guest is { } guest)
        {
            _services.LocalSessions.RemoveGuest(guest.SdkAppId, guest.GroupId, this);
        }
    }
}
