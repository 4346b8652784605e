using System.Text;
using Parley.Protocol.Errors;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Signaling.Grains;
using Parley.Signaling.JsonRpc;
using Parley.Signaling.Limits;
using Parley.Signaling.Login;

namespace Parley.Signaling.Sessions;

/// <summary><c>sendRoomMessage</c> (docs/protocol.md §10.8): size, cmdId, per-session rate limits, then the room orders and delivers.</summary>
internal sealed partial class SignalingSession
{
    /// <summary>Largest <c>data</c>, in UTF-8 bytes.</summary>
    public const int MaxRoomMessageBytes = 1024;

    private const int MaxCmdId = 10;
    private const int RoomMessagesPerSecond = 30;
    private const int RoomMessageBytesPerSecond = 8 * 1024;

    // Owned by the receive loop (requests run one at a time), like _rateLimiter.
    private TokenBucket _roomMessageCount;
    private TokenBucket _roomMessageBytes;

    private async Task SendRoomMessageAsync(string rawId, JsonRpcRequest request, SessionLogin login)
    {
        if (!ParamsReader.TryRead(request, Params.SendRoomMessage, out var p) || p!.CmdId is < 1 or > MaxCmdId
            || (p.To is { } to && to.Any(string.IsNullOrEmpty)))
        {
            ReplyError(rawId, ErrorCodes.InvalidParams);
            return;
        }
        var bytes = Encoding.UTF8.GetByteCount(p.Data);
        if (bytes > MaxRoomMessageBytes)
        {
            ReplyError(rawId, ErrorCodes.RoomMessageTooLarge);
            return;
        }
        if (Volatile.Read(ref _currentRoomId) is var roomId && roomId == 0)
        {
            ReplyError(rawId, ErrorCodes.NotInRoom);
            return;
        }
        // 8 KB/s and 30 messages/s per session, each with one second of burst; a refused message costs nothing.
        if (!_roomMessageBytes.TryTake(_time, RoomMessageBytesPerSecond, RoomMessageBytesPerSecond, bytes))
        {
            _services.Limits.CountHit(LimitNames.SessionRoomMessages);
            ReplyError(rawId, ErrorCodes.RateLimited, "Room messages are limited to 8 KB/s per session.");
            return;
        }
        if (!_roomMessageCount.TryTake(_time, RoomMessagesPerSecond, RoomMessagesPerSecond))
        {
            _roomMessageBytes.Refund(bytes);
            _services.Limits.CountHit(LimitNames.SessionRoomMessages);
            ReplyError(rawId, ErrorCodes.RateLimited, "Room messages are limited to 30 per second per session.");
            return;
        }
        // Then the node-wide limits (docs/limits.md), after the session's own so that a session flooding itself into
        // refusals does not spend its address's or its app's budget; refused there, the session's tokens come back.
        if (!PassesLimits(rawId, AbuseLimit.MessagePerAddress, AbuseLimit.MessagePerApp, login.SdkAppId))
        {
            _roomMessageBytes.Refund(bytes);
            _roomMessageCount.Refund(1);
            return;
        }
        var room = _services.Grains.GetGrain<IRoomGrain>(GrainKeys.Room(login.SdkAppId, roomId));
        var toKeys = p.To is null ? null : p.To.Select(IdentifierRules.Key).Distinct().ToArray();
        var outcome = await room.SendMessage(login.IdentifierKey, login.SessionId, p.CmdId ?? 1, p.Data, toKeys);
        if (outcome.ErrorCode != 0)
        {
            ReplyError(rawId, outcome.ErrorCode);
            return;
        }
        Reply(rawId, new SendRoomMessageResult(outcome.Seq), ProtocolJsonContext.Default.SendRoomMessageResult);
    }
}
