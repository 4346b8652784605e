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
    // Sends of the last 5 minutes by sender and random, and the same keys in send order, so forgetting the old ones
    // touches only those (a busy group holds up to 40 × 300 of them).
    private readonly Dictionary<(string Sender, uint Random), (long Seq, long Time)> _recent = [];
    private readonly Queue<((string Sender, uint Random) Key, long SeenAtMs)> _recentOrder = new();
    private long _rateWindowStartMs;
    private int _rateCount;

    public async Task<SendOutcome> Send(string? from, uint msgRandom, string priority, string msgBody, long nowMs)
    {
        if (_group is not { } group)
        {
            return SendOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        var sender = from ?? "";
        var senderKey = from is null ? "" : IdentifierRules.Key(from);
        if (from is not null)
        {
            if (!_members.TryGetValue(senderKey, out var member))
            {
                return SendOutcome.Fail(GroupErrorCodes.NoPermission, $"{from} is not a member of group {_groupId}");
            }

            if (member.Record.ShutUpUntil * 1000 > nowMs)
            {
                return SendOutcome.Fail(GroupErrorCodes.Muted, $"{from} is muted in group {_groupId}");
            }

            sender = member.Record.Identifier;
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
        _recent[(senderKey, msgRandom)] = (message.MsgSeq, message.MsgTime);
        _recentOrder.Enqueue(((senderKey, msgRandom), nowMs));
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
        foreach (var member in _members.Values)
        {
            _ = member.User.Deliver(notification);
        }
    }

    private void ForgetOldSends(long nowMs)
    {
        var cutoff = nowMs - (long)DuplicateWindow.TotalMilliseconds;
        while (_recentOrder.TryPeek(out var oldest) && oldest.SeenAtMs < cutoff)
        {
            _recent.Remove(_recentOrder.Dequeue().Key);
        }
    }
}
