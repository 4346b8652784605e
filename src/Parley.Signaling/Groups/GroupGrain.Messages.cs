using System.Text.Json;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Signaling.Grains;
using Parley.Signaling.JsonRpc;
using Parley.Signaling.Login;

namespace Parley.Signaling.Groups;

// Sending: seq allocation, duplicate suppression, the rate limit, storage and fan-out to online members.
internal sealed partial class GroupGrain
{
    /// <summary>Product-rules §6: the same sender and MsgRandom within 5 minutes is one message.</summary>
    private static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(5);

    /// <summary>Product-rules §5: 40 messages per second per group.</summary>
    private const int MessagesPerSecond = 40;

    private long _lastSeq;
    private readonly Dictionary<(string Sender, uint Random), (long Seq, long Time, long SeenAtMs)> _recent = [];
    private long _rateWindowStartMs;
    private int _rateCount;

    public async Task<SendOutcome> Send(string? from, uint msgRandom, string priority, string msgBody, long nowMs)
    {
        if (_group is not { } group)
        {
            return SendOutcome.Fail(GroupErrorCodes.GroupNotFound, $"group {_groupId} does not exist or was destroyed");
        }

        var sender = from ?? "";
        var senderKey = from is null ? "" : IdentifierRules.Key(from);
        if (from is not null)
        {
            if (!_members.TryGetValue(senderKey, out var member))
            {
                return SendOutcome.Fail(GroupErrorCodes.NoPermission, $"{from} is not a member of group {_groupId}");
            }

            if (member.ShutUpUntil * 1000 > nowMs)
            {
                return SendOutcome.Fail(GroupErrorCodes.Muted, $"{from} is muted in group {_groupId}");
            }

            sender = member.Identifier;
        }

        ForgetOldSends(nowMs);
        if (_recent.TryGetValue((senderKey, msgRandom), out var earlier))
        {
            return new SendOutcome(0, "", earlier.Seq, earlier.Time); // the same message again: not stored or delivered twice
        }

        if (nowMs - _rateWindowStartMs >= 1000)
        {
            _rateWindowStartMs = nowMs;
            _rateCount = 0;
        }

        if (++_rateCount > MessagesPerSecond)
        {
            return SendOutcome.Fail(GroupErrorCodes.MessageRate, $"group {_groupId} takes at most {MessagesPerSecond} messages per second");
        }

        var message = new GroupMessageRecord(_lastSeq + 1, msgRandom, nowMs / 1000, sender, priority, msgBody);
        if (GroupTypes.KeepsHistory(group.Type))
        {
            await store.AppendMessageAsync(_sdkAppId, _groupId, message, CancellationToken.None); // acknowledged only once stored
        }

        _lastSeq = message.MsgSeq;
        _recent[(senderKey, msgRandom)] = (message.MsgSeq, message.MsgTime, nowMs);
        DeliverToOnlineMembers(message);
        return new SendOutcome(0, "", message.MsgSeq, message.MsgTime);
    }

    /// <summary>One notification text for all; one one-way call per member (their user grains drop it when offline).</summary>
    private void DeliverToOnlineMembers(GroupMessageRecord message)
    {
        using var body = JsonDocument.Parse(message.MsgBody);
        var notification = JsonRpcWriter.NotificationText(Events.GroupMessage,
            new GroupMessageEvent(_groupId, message.MsgSeq, message.MsgRandom, message.MsgTime, message.From, body.RootElement),
            ProtocolJsonContext.Default.GroupMessageEvent);
        foreach (var key in _members.Keys)
        {
            _ = GrainFactory.GetGrain<IUserGrain>(GrainKeys.User(_sdkAppId, key)).Deliver(notification);
        }
    }

    private void ForgetOldSends(long nowMs)
    {
        if (_recent.Count == 0)
        {
            return;
        }

        var cutoff = nowMs - (long)DuplicateWindow.TotalMilliseconds;
        foreach (var (key, value) in _recent)
        {
            if (value.SeenAtMs < cutoff)
            {
                _recent.Remove(key);
            }
        }
    }
}
