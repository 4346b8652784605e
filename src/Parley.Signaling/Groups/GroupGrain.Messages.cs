using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Chat;
using Parley.Protocol.Json;
using Parley.Signaling.Delivery;
using Parley.Signaling.Grains;
using Parley.Signaling.JsonRpc;
using Parley.Signaling.Logging;
using Parley.Signaling.Login;
using Parley.Signaling.Messages;
using Parley.Signaling.Observability;

namespace Parley.Signaling.Groups;

// Sending: seq allocation, duplicate suppression, the rate limit, storage and fan-out; recalls, tips and system notifications.
internal sealed partial class GroupGrain
{
    /// <summary>Product-rules §5: 40 messages per second per group.</summary>
    private const int MessagesPerSecond = 40;

    private long _lastSeq;
    private long _lastMessageTime;
    // Sends of the last 5 minutes by sender and random, and the same keys in send order, so forgetting the old ones
    // touches only those (a busy group holds up to 40 × 300 of them). Reloaded from the store on activation, so a retry
    // after a restart is still recognised.
    private readonly Dictionary<(string Sender, uint Random), (long Seq, long Time)> _recent = [];
    private readonly Queue<((string Sender, uint Random) Key, long SeenAtMs)> _recentOrder = new();
    // Live-only groups (AVChatRoom, BChatRoom) keep the senders and times of recent seqs for recalls.
    private readonly Dictionary<long, (string SenderKey, long TimeMs)> _liveSenders = [];
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

            if (group.Type == GroupType.BChatRoom && member.Role == GroupRoles.Member)
            {
                return SendOutcome.Fail(GroupErrorCodes.NoPermission, "only the owner, admins and the app's backend send to a BChatRoom");
            }

            if (member.ShutUpUntil * 1000 > nowMs || group.ShutUpAll && member.Role == GroupRoles.Member)
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

        if (_rateCount >= RateBudget(group.Type, priority))
        {
            // Product-rules §5: an AVChatRoom sheds the excess, lowest priority first; the others refuse it.
            return group.Type == GroupType.AVChatRoom
                ? new SendOutcome(0, "", 0, nowMs / 1000)
                : SendOutcome.Fail(GroupErrorCodes.MessageRate, $"group {_groupId} takes at most {MessagesPerSecond} messages per second");
        }

        _rateCount++;
        var message = new GroupMessageRecord(_lastSeq + 1, msgRandom, nowMs / 1000, sender, priority, msgBody);
        await AppendAsync(message, senderKey, nowMs);
        ParleyInstruments.CountMessage(ParleyInstruments.Group);
        _recent[(senderKey, msgRandom)] = (message.MsgSeq, message.MsgTime);
        _recentOrder.Enqueue(((senderKey, msgRandom), nowMs));
        return new SendOutcome(0, "", message.MsgSeq, message.MsgTime);
    }

    public async Task<GroupOutcome> Recall(string? op, IReadOnlyList<long> msgSeqs, long nowMs)
    {
        if (_group is not { } group)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        var results = new int[msgSeqs.Count];
        var recalled = new List<long>();
        var keepsHistory = GroupTypes.KeepsHistory(group.Type);
        var stored = keepsHistory && msgSeqs.Count > 0
            ? (await store.ListMessagesAsync(_sdkAppId, _groupId, msgSeqs.Max(), Math.Min(10_000, (int)(msgSeqs.Max() - msgSeqs.Min() + 1)), CancellationToken.None))
                .ToDictionary(m => m.MsgSeq)
            : [];
        for (var i = 0; i < msgSeqs.Count; i++)
        {
            var seq = msgSeqs[i];
            (string SenderKey, long TimeMs)? found = keepsHistory
                ? stored.TryGetValue(seq, out var m) && !m.Recalled ? (IdentifierRules.Key(m.From), m.MsgTime * 1000) : null
                : _liveSenders.TryGetValue(seq, out var live) ? live : null;
            if (found is not { } message)
            {
                results[i] = GroupErrorCodes.InvalidParameter; // no such message, or already recalled
                continue;
            }

            var own = op is not null && message.SenderKey == IdentifierRules.Key(op);
            if (!IsManager(op) && !(own && nowMs - message.TimeMs <= (long)MessageBodyRules.RecallWindow.TotalMilliseconds))
            {
                results[i] = GroupErrorCodes.NoPermission;
                continue;
            }

            recalled.Add(seq);
        }

        if (recalled.Count > 0)
        {
            if (keepsHistory)
            {
                await store.RecallMessagesAsync(_sdkAppId, _groupId, recalled, CancellationToken.None);
            }

            foreach (var seq in recalled)
            {
                _liveSenders.Remove(seq);
            }

            Publish(JsonRpcWriter.NotificationText(ChatEvents.MessageRecalled,
                new MessageRecalledEvent(ConversationTypes.Group, _groupId, null, recalled, op ?? ""), ProtocolJsonContext.Default.MessageRecalledEvent));
        }

        return GroupOutcome.Ok(results);
    }

    public async Task<GroupOutcome> SendSystemNotification(IReadOnlyList<string>? members, string content, long now)
    {
        if (_group is null)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        var recipients = members is null
            ? _members.Values.Select(m => m.Identifier).ToList()
            : members.Where(m => _members.ContainsKey(IdentifierRules.Key(m))).Select(m => _members[IdentifierRules.Key(m)].Identifier).ToList();
        await NotifyAsync(recipients, new SystemNotificationRecord(0, SystemNotificationTypes.Custom, _groupId, "", now, Content: content));
        return GroupOutcome.Ok();
    }

    /// <summary>A tip in the group's stream (stored where the type keeps history), seen as <c>groupTip</c> by online members.</summary>
    private Task EmitTipAsync(string? op, string opType, IReadOnlyList<string> members, JsonObject? extra, long nowMs)
    {
        var content = new JsonObject
        {
            ["OpType"] = opType,
            ["Operator_Account"] = op ?? "",
            ["MemberList_Account"] = new JsonArray([.. members.Select(m => (JsonNode)m)]),
        };
        foreach (var (name, value) in extra ?? [])
        {
            content[name] = value?.DeepClone();
        }

        var body = new JsonArray(new JsonObject { ["MsgType"] = TipTypes.ElementType, ["MsgContent"] = content }).ToJsonString();
        return AppendAsync(new GroupMessageRecord(_lastSeq + 1, 0, nowMs / 1000, op ?? "", "High", body), op is null ? "" : IdentifierRules.Key(op), nowMs);
    }

    /// <summary>Takes the next seq, stores the message where the type keeps history (before anyone sees it), then fans it out.</summary>
    private async Task AppendAsync(GroupMessageRecord message, string senderKey, long nowMs)
    {
        if (GroupTypes.KeepsHistory(_group!.Type))
        {
            await store.AppendMessageAsync(_sdkAppId, _groupId, message, CancellationToken.None); // acknowledged only once stored
        }
        else
        {
            _liveSenders[message.MsgSeq] = (senderKey, nowMs);
            if (_liveSenders.Count > 10_000)
            {
                _liveSenders.Remove(_liveSenders.Keys.Min());
            }
        }

        _lastSeq = message.MsgSeq;
        _lastMessageTime = message.MsgTime;
        var wire = ChatMessages.FromGroup(_groupId, message);
        Publish(JsonRpcWriter.NotificationText(ChatMessages.IsTip(message) ? ChatEvents.GroupTip : ChatEvents.MessageReceived, wire,
            ProtocolJsonContext.Default.ChatMessage));
    }

    /// <summary>Hands a notification to every silo for the members (and guests) online there; never waits for them.</summary>
    private void Publish(string notification) =>
        PublishToSilos(new GroupDeliveryItem(GroupDeliveryKind.Notification, notification), SnapshotKeys);

    /// <summary>Stores one system notification per recipient, then hands each to the recipient's user grain (dropped there when offline).</summary>
    private async Task NotifyAsync(IEnumerable<string> recipients, SystemNotificationRecord notification)
    {
        var list = recipients.ToList();
        if (list.Count == 0)
        {
            return;
        }

        try
        {
            var keys = list.Select(IdentifierRules.Key).ToList();
            var stored = await messages.AppendNotificationsAsync(_sdkAppId, keys, notification, CancellationToken.None);
            for (var i = 0; i < keys.Count; i++)
            {
                var n = stored[i];
                var text = JsonRpcWriter.NotificationText(ChatEvents.GroupSystemNotification,
                    new GroupSystemNotification(n.Id, n.Type, n.GroupId, n.Operator, n.Time, n.Applicant, n.Message, n.Content),
                    ProtocolJsonContext.Default.GroupSystemNotification);
                _ = GrainFactory.GetGrain<IUserGrain>(GrainKeys.User(_sdkAppId, keys[i])).Deliver(text);
            }
        }
        catch (Exception ex)
        {
            logger.SystemNotificationFailed(ex, GroupKey);
        }
    }

    /// <summary>Product-rules §5: under load an AVChatRoom keeps room for higher priorities; other types have one budget.</summary>
    private static int RateBudget(GroupType type, string priority) => type != GroupType.AVChatRoom ? MessagesPerSecond : priority switch
    {
        "High" => MessagesPerSecond,
        "Normal" => MessagesPerSecond * 3 / 4,
        "Low" => MessagesPerSecond / 2,
        _ => MessagesPerSecond / 4,
    };

    private async Task RememberRecentSendsAsync(CancellationToken cancellationToken)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var since = (nowMs - (long)MessageBodyRules.DuplicateWindow.TotalMilliseconds) / 1000;
        foreach (var m in await store.ListMessagesSinceAsync(_sdkAppId, _groupId, since, cancellationToken))
        {
            if (!ChatMessages.IsTip(m))
            {
                var key = (m.From.Length == 0 ? "" : IdentifierRules.Key(m.From), m.MsgRandom);
                _recent[key] = (m.MsgSeq, m.MsgTime);
                _recentOrder.Enqueue((key, m.MsgTime * 1000));
            }
        }
    }

    private void ForgetOldSends(long nowMs)
    {
        var cutoff = nowMs - (long)MessageBodyRules.DuplicateWindow.TotalMilliseconds;
        while (_recentOrder.TryPeek(out var oldest) && oldest.SeenAtMs < cutoff)
        {
            _recent.Remove(_recentOrder.Dequeue().Key);
        }
    }
}
