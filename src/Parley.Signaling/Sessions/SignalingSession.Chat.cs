using System.Text.Json.Serialization.Metadata;
using Parley.Protocol.Chat;
using Parley.Protocol.Errors;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Signaling.Delivery;
using Parley.Signaling.Grains;
using Parley.Signaling.Groups;
using Parley.Signaling.JsonRpc;
using Parley.Signaling.Login;
using Parley.Signaling.Messages;

namespace Parley.Signaling.Sessions;

/// <summary>Messages of docs/protocol.md §14: send, recall, history, sync, read cursors, conversations.</summary>
internal sealed partial class SignalingSession : INotificationSink
{
    private const int MaxHistoryPage = 100;
    private const int DefaultSyncPage = 100;
    private const int MaxSyncPage = 500;

    private static readonly ChatParams Chat = new();

    /// <inheritdoc/>
    public void Notify(byte[] notification) => Enqueue(OutboundItem.Message(notification));

    private Task ChatAsync(string rawId, JsonRpcRequest request, SessionLogin login) => request.Method switch
    {
        ChatMethods.SendMessage => Read(rawId, request, Chat.SendMessage, p => SendMessageAsync(rawId, p, login)),
        ChatMethods.RecallMessage => Read(rawId, request, Chat.Conversation, p => RecallMessageAsync(rawId, p, login)),
        ChatMethods.GetMessages => Read(rawId, request, Chat.Conversation, p => GetMessagesAsync(rawId, p, login)),
        ChatMethods.SyncMessages => Read(rawId, request, Chat.Sync, p => SyncMessagesAsync(rawId, p, login)),
        ChatMethods.MarkRead => Read(rawId, request, Chat.Conversation, p => MarkReadAsync(rawId, p, login)),
        ChatMethods.GetConversations => GetConversationsAsync(rawId, login),
        _ => GroupMethodAsync(rawId, request, login),
    };

    /// <summary>Binds params, or answers -32602.</summary>
    private Task Read<T>(string rawId, JsonRpcRequest request, JsonTypeInfo<T> typeInfo, Func<T, Task> handler)
        where T : class
    {
        if (!ParamsReader.TryRead(request, typeInfo, out var p))
        {
            ReplyError(rawId, ErrorCodes.InvalidParams);
            return Task.CompletedTask;
        }

        return handler(p!);
    }

    private async Task SendMessageAsync(string rawId, SendMessageParams p, SessionLogin login)
    {
        if (MessageBodyRules.Check(p.MsgBody) is { } bodyError)
        {
            ReplyError(rawId, GroupErrorCodes.InvalidParameter, bodyError); // product-rules §6 / the vendor's 10004
            return;
        }

        var priority = p.Priority ?? "Normal";
        if (!MessageBodyRules.IsPriority(priority) || (p.GroupId is null) == (p.To is null))
        {
            ReplyError(rawId, ErrorCodes.InvalidParams, "give exactly one of groupId and to; priority is High, Normal, Low or Lowest");
            return;
        }

        if (!PassesLimits(rawId, Limits.AbuseLimit.MessagePerAddress, Limits.AbuseLimit.MessagePerApp, login.SdkAppId))
        {
            return;
        }

        SendOutcome outcome;
        if (p.GroupId is { } groupId && !GroupIds.IsWellFormed(groupId))
        {
            outcome = SendOutcome.Fail(GroupErrorCodes.GroupNotFound, "no such group");
        }
        else if (p.GroupId is null && !IdentifierRules.IsValid(p.To))
        {
            outcome = SendOutcome.Fail(GroupErrorCodes.InvalidParameter, "to is not a valid identifier");
        }
        else
        {
            var body = p.MsgBody.GetRawText();
            var verdict = await BeforeSendAsync(login, p.GroupId, p.To, p.MsgRandom, priority, body);
            if (verdict is { Allowed: false })
            {
                outcome = SendOutcome.Fail(verdict.ErrorCode, verdict.ErrorInfo);
            }
            else
            {
                body = verdict?.MsgBody ?? body; // the app may have rewritten it
                var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
                outcome = p.GroupId is not null
                    ? await Group(login, p.GroupId).Send(login.Identifier, p.MsgRandom, priority, body, nowMs)
                    : await User(login, p.To!).ReceiveC2C(login.Identifier, p.To!, p.MsgRandom, body, nowMs, copyToSender: false);
            }
        }

        if (outcome.ErrorCode != 0)
        {
            if (outcome.ErrorCode == GroupErrorCodes.MessageRate)
            {
                _services.Limits.CountHit(Limits.LimitNames.GroupMessages); // the group's 40/s (product-rules §5)
            }

            ReplyError(rawId, outcome.ErrorCode, outcome.ErrorInfo);
            return;
        }

        Reply(rawId, new SendMessageResult(outcome.MsgSeq, outcome.MsgTime), ProtocolJsonContext.Default.SendMessageResult);
    }

    /// <summary>
    /// The app's before-send verdict on a message (docs/callbacks.md), or null when the app has no before-send URL.
    /// A group message is checked only when the sender is a member (the grain refuses the others anyway, and the
    /// callback gets the group's type). This session's next requests wait for it: they are handled in order.
    /// </summary>
    private async Task<Callbacks.BeforeSendVerdict?> BeforeSendAsync(SessionLogin login, string? groupId, string? to, uint msgRandom, string? priority, string body)
    {
        var callback = _services.BeforeSend;
        if (!await callback.IsEnabledAsync(login.SdkAppId, CancellationToken.None))
        {
            return null;
        }

        string? groupType = null;
        if (groupId is not null)
        {
            if (await Group(login, groupId).GetInfo(login.Identifier) is not { Role: not null } info)
            {
                return null;
            }

            groupType = info.Group.Type.ToString();
        }

        return await callback.CheckAsync(
            new Callbacks.BeforeSendMessage(login.SdkAppId, login.Identifier, msgRandom, body, groupId, groupType, to, priority), CancellationToken.None);
    }

    private async Task RecallMessageAsync(string rawId, ConversationParams p, SessionLogin login)
    {
        if (!TryConversation(rawId, p, out var groupId, out var peer) || p.MsgSeq is not { } seq)
        {
            if (groupId is not null || peer is not null)
            {
                ReplyError(rawId, ErrorCodes.InvalidParams, "msgSeq is required");
            }

            return;
        }

        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        int code;
        if (groupId is not null)
        {
            var outcome = await Group(login, groupId).Recall(login.Identifier, [seq], nowMs);
            code = outcome.ErrorCode != 0 ? outcome.ErrorCode : outcome.Results![0];
        }
        else
        {
            // The receiver's grain holds the message (the recaller sent it to the peer).
            code = await User(login, peer!).RecallC2C(login.Identifier, seq, nowMs);
        }

        if (code != 0)
        {
            ReplyError(rawId, code, code == GroupErrorCodes.NoPermission ? "only the sender within 2 minutes, or a group's owner or admin, may recall it" : "no such message");
            return;
        }

        Reply(rawId, new EmptyResult(), ProtocolJsonContext.Default.EmptyResult);
    }

    private async Task GetMessagesAsync(string rawId, ConversationParams p, SessionLogin login)
    {
        if (!TryConversation(rawId, p, out var groupId, out var peer))
        {
            return;
        }

        var count = Math.Clamp(p.Count ?? 20, 1, MaxHistoryPage);
        var top = p.MsgSeq ?? long.MaxValue;
        List<ChatMessage> page;
        if (groupId is not null)
        {
            var info = await Group(login, groupId).GetInfo(login.Identifier);
            if (info?.Role is null)
            {
                ReplyError(rawId, info is null ? GroupErrorCodes.GroupNotFound : GroupErrorCodes.NoPermission,
                    info is null ? "no such group" : "only members read a group's history");
                return;
            }

            if (!GroupTypes.KeepsHistory(info.Group.Type))
            {
                Reply(rawId, new MessagesResult([], true), ProtocolJsonContext.Default.MessagesResult);
                return;
            }

            var stored = await _services.GroupStore.ListMessagesAsync(login.SdkAppId, groupId, top, count, CancellationToken.None);
            page = [.. stored.Select(m => ChatMessages.FromGroup(groupId, m))];
        }
        else
        {
            var stored = await _services.MessageStore.ListC2CBetweenAsync(login.SdkAppId, login.IdentifierKey, IdentifierRules.Key(peer!),
                top == long.MaxValue ? long.MaxValue : top + 1, 0, long.MaxValue, count, CancellationToken.None);
            page = [.. stored.Select(ChatMessages.FromC2C)];
        }

        var finished = page.Count < count || page[^1].MsgSeq <= 1;
        Reply(rawId, new MessagesResult(page, finished), ProtocolJsonContext.Default.MessagesResult);
    }

    /// <summary>
    /// One page of what the client missed: C2C after its cursor, system notifications after its cursor, and for every group
    /// of the user (that keeps history) the messages after the client's seq for it — or after the member's read cursor
    /// when the client names none (a fresh device).
    /// </summary>
    private async Task SyncMessagesAsync(string rawId, SyncParams p, SessionLogin login)
    {
        var limit = Math.Clamp(p.Limit ?? DefaultSyncPage, 1, MaxSyncPage);
        var store = _services.GroupStore;
        var messages = new List<ChatMessage>();
        var more = false;

        var c2cCursor = p.C2cCursor ?? 0;
        var c2c = await _services.MessageStore.ListC2CAfterAsync(login.SdkAppId, login.IdentifierKey, c2cCursor, limit + 1, CancellationToken.None);
        more |= c2c.Count > limit;
        foreach (var m in c2c.Take(limit))
        {
            messages.Add(ChatMessages.FromC2C(m));
            c2cCursor = m.Id;
        }

        var notificationCursor = p.NotificationCursor ?? 0;
        var stored = await _services.MessageStore.ListNotificationsAfterAsync(login.SdkAppId, login.IdentifierKey, notificationCursor, limit + 1, CancellationToken.None);
        more |= stored.Count > limit;
        var notifications = new List<GroupSystemNotification>();
        foreach (var n in stored.Take(limit))
        {
            notifications.Add(new GroupSystemNotification(n.Id, n.Type, n.GroupId, n.Operator, n.Time, n.Applicant, n.Message, n.Content));
            notificationCursor = n.Id;
        }

        var groups = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (groupId, readSeq) in await store.ListMembershipsAsync(login.SdkAppId, login.IdentifierKey, CancellationToken.None))
        {
            var cursor = p.Groups is not null && p.Groups.TryGetValue(groupId, out var known) ? known : readSeq;
            var page = await store.ListMessagesAfterAsync(login.SdkAppId, groupId, cursor, limit + 1, CancellationToken.None);
            more |= page.Count > limit;
            foreach (var m in page.Take(limit))
            {
                messages.Add(ChatMessages.FromGroup(groupId, m));
                cursor = m.MsgSeq;
            }

            groups[groupId] = cursor;
        }

        Reply(rawId, new SyncResult(messages, notifications, c2cCursor, notificationCursor, groups, more), ProtocolJsonContext.Default.SyncResult);
    }

    private async Task MarkReadAsync(string rawId, ConversationParams p, SessionLogin login)
    {
        if (!TryConversation(rawId, p, out var groupId, out var peer))
        {
            return;
        }

        if (p.MsgSeq is not { } seq || seq < 0)
        {
            ReplyError(rawId, ErrorCodes.InvalidParams, "msgSeq is required");
            return;
        }

        if (groupId is not null)
        {
            var outcome = await Group(login, groupId).MarkRead(login.Identifier, seq);
            if (outcome.ErrorCode != 0)
            {
                ReplyError(rawId, outcome.ErrorCode, outcome.ErrorInfo);
                return;
            }
        }
        else
        {
            await _services.MessageStore.SetC2CReadAsync(login.SdkAppId, login.IdentifierKey, IdentifierRules.Key(peer!), seq, CancellationToken.None);
        }

        Reply(rawId, new EmptyResult(), ProtocolJsonContext.Default.EmptyResult);
    }

    /// <summary>
    /// C2C conversations from the store, group ones from the memberships: last message and unread count each (others'
    /// messages after the read cursor; tips and recalled ones do not count), latest first.
    /// </summary>
    private async Task GetConversationsAsync(string rawId, SessionLogin login)
    {
        var conversations = new List<Conversation>();
        foreach (var c in await _services.MessageStore.ListC2CConversationsAsync(login.SdkAppId, login.IdentifierKey, 200, CancellationToken.None))
        {
            conversations.Add(new Conversation(ConversationTypes.C2C, null, c.Peer, ChatMessages.FromC2C(c.LastMessage), c.UnreadCount, c.ReadId));
        }

        foreach (var (groupId, readSeq) in await _services.GroupStore.ListMembershipsAsync(login.SdkAppId, login.IdentifierKey, CancellationToken.None))
        {
            var last = await _services.GroupStore.ListMessagesAsync(login.SdkAppId, groupId, long.MaxValue, 1, CancellationToken.None);
            var lastMessage = last.Count == 0 ? null : ChatMessages.FromGroup(groupId, last[0]);
            var unread = lastMessage is null || lastMessage.MsgSeq <= readSeq
                ? 0
                : await _services.GroupStore.CountUnreadAsync(login.SdkAppId, groupId, login.IdentifierKey, readSeq, CancellationToken.None);
            conversations.Add(new Conversation(ConversationTypes.Group, groupId, null, lastMessage, unread, readSeq));
        }

        conversations.Sort((a, b) => (b.LastMessage?.MsgTime ?? 0).CompareTo(a.LastMessage?.MsgTime ?? 0));
        Reply(rawId, new ConversationsResult(conversations), ProtocolJsonContext.Default.ConversationsResult);
    }

    /// <summary>Exactly one of groupId (well formed) and peer (a valid identifier), or answers -32602.</summary>
    private bool TryConversation(string rawId, ConversationParams p, out string? groupId, out string? peer)
    {
        groupId = p.GroupId;
        peer = p.Peer;
        if ((groupId is null) == (peer is null) || groupId is not null && !GroupIds.IsWellFormed(groupId) || peer is not null && !IdentifierRules.IsValid(peer))
        {
            ReplyError(rawId, ErrorCodes.InvalidParams, "give exactly one of groupId and peer");
            groupId = peer = null;
            return false;
        }

        return true;
    }

    private IGroupGrain Group(SessionLogin login, string groupId) => _services.Grains.GetGrain<IGroupGrain>(GrainKeys.Group(login.SdkAppId, groupId));

    private IUserGrain User(SessionLogin login, string identifier) =>
        _services.Grains.GetGrain<IUserGrain>(GrainKeys.User(login.SdkAppId, IdentifierRules.Key(identifier)));

    /// <summary>Strict metadata of the chat params types, resolved once.</summary>
    private sealed class ChatParams
    {
        public JsonTypeInfo<SendMessageParams> SendMessage { get; } = ParamsReader.TypeInfo<SendMessageParams>();
        public JsonTypeInfo<ConversationParams> Conversation { get; } = ParamsReader.TypeInfo<ConversationParams>();
        public JsonTypeInfo<SyncParams> Sync { get; } = ParamsReader.TypeInfo<SyncParams>();
        public JsonTypeInfo<GroupParams> Group { get; } = ParamsReader.TypeInfo<GroupParams>();
        public JsonTypeInfo<CreateGroupParams> CreateGroup { get; } = ParamsReader.TypeInfo<CreateGroupParams>();
        public JsonTypeInfo<HandleJoinRequestParams> HandleJoinRequest { get; } = ParamsReader.TypeInfo<HandleJoinRequestParams>();
        public JsonTypeInfo<ManageGroupMemberParams> ManageMember { get; } = ParamsReader.TypeInfo<ManageGroupMemberParams>();
        public JsonTypeInfo<ModifyGroupProfileParams> ModifyProfile { get; } = ParamsReader.TypeInfo<ModifyGroupProfileParams>();
        public JsonTypeInfo<WatchGroupParams> WatchGroup { get; } = ParamsReader.TypeInfo<WatchGroupParams>();
    }
}
