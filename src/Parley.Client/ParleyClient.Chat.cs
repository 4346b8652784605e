using System.Security.Cryptography;
using System.Text.Json;
using Parley.Client.Internal;
using Parley.Protocol.Chat;
using Parley.Protocol.Messages;

namespace Parley.Client;

// Groups and messages (docs/protocol.md §14): sending, history, sync of what was missed, read cursors, conversations,
// group management, and the chat events — each message handed to the app exactly once (Internal/ChatCursors).
public sealed partial class ParleyClient
{
    private readonly ChatCursors _cursors = new();

    /// <summary>A message (group or C2C) arrived, live or caught up by sync.</summary>
    public event EventHandler<ChatMessageEventArgs>? MessageReceived;

    /// <summary>A group tip (join, quit, kick, profile, admin, mute, owner change), live or caught up by sync.</summary>
    public event EventHandler<ChatMessageEventArgs>? GroupTipReceived;

    public event EventHandler<MessageRecalledEventArgs>? MessageRecalled;

    public event EventHandler<GroupSystemNotificationEventArgs>? GroupSystemNotificationReceived;

    public event EventHandler<ConversationUpdatedEventArgs>? ConversationUpdated;

    /// <summary>Sends to a group; <paramref name="msgRandom"/> (random when null) makes a retry a duplicate. Fails with the vendor's 10xxx codes.</summary>
    public Task<SendMessageResult> SendGroupMessageAsync(string groupId, JsonElement msgBody, string? priority = null, uint? msgRandom = null,
        CancellationToken cancellationToken = default) =>
        ChatCallAsync(ChatMethods.SendMessage, new SendMessageParams(msgRandom ?? NewRandom(), msgBody, groupId, null, priority), Json.SendMessageParams,
            Json.SendMessageResult, cancellationToken);

    /// <summary>Sends one-to-one to <paramref name="to"/>.</summary>
    public Task<SendMessageResult> SendC2CMessageAsync(string to, JsonElement msgBody, uint? msgRandom = null, CancellationToken cancellationToken = default) =>
        ChatCallAsync(ChatMethods.SendMessage, new SendMessageParams(msgRandom ?? NewRandom(), msgBody, null, to), Json.SendMessageParams,
            Json.SendMessageResult, cancellationToken);

    /// <summary>Recalls a message of a group (<paramref name="groupId"/>) or of the C2C conversation with <paramref name="peer"/>.</summary>
    public Task RecallMessageAsync(string? groupId, string? peer, long msgSeq, CancellationToken cancellationToken = default) =>
        ChatCallAsync(ChatMethods.RecallMessage, new ConversationParams(groupId, peer, msgSeq), Json.ConversationParams, Json.EmptyResult, cancellationToken);

    /// <summary>History of a conversation up to <paramref name="msgSeq"/> (the newest when null), newest first.</summary>
    public Task<MessagesResult> GetMessagesAsync(string? groupId, string? peer, long? msgSeq = null, int count = 20, CancellationToken cancellationToken = default) =>
        ChatCallAsync(ChatMethods.GetMessages, new ConversationParams(groupId, peer, msgSeq, count), Json.ConversationParams, Json.MessagesResult, cancellationToken);

    /// <summary>Moves the read cursor of a conversation to <paramref name="msgSeq"/>; its unread count restarts from 0.</summary>
    public async Task MarkReadAsync(string? groupId, string? peer, long msgSeq, CancellationToken cancellationToken = default)
    {
        await ChatCallAsync(ChatMethods.MarkRead, new ConversationParams(groupId, peer, msgSeq), Json.ConversationParams, Json.EmptyResult, cancellationToken)
            .ConfigureAwait(false);
        var id = groupId ?? peer!;
        lock (_cursors)
        {
            _cursors.SetUnread(id, 0);
        }

        Raise(ConversationUpdated, new ConversationUpdatedEventArgs(groupId is null ? ConversationTypes.C2C : ConversationTypes.Group, id, null, 0));
    }

    /// <summary>The user's conversations with last message and unread count, latest first (also resets this client's unread counts to them).</summary>
    public async Task<ConversationsResult> GetConversationsAsync(CancellationToken cancellationToken = default)
    {
        var result = await ChatCallAsync(ChatMethods.GetConversations, (EmptyResult?)null, null, Json.ConversationsResult, cancellationToken).ConfigureAwait(false);
        lock (_cursors)
        {
            foreach (var c in result.Conversations)
            {
                _cursors.SetUnread(c.GroupId ?? c.Peer!, c.UnreadCount);
            }
        }

        return result;
    }

    /// <summary>
    /// Fetches everything missed since this client's cursors, page by page, raising <see cref="MessageReceived"/>,
    /// <see cref="GroupTipReceived"/> and <see cref="GroupSystemNotificationReceived"/> (FromSync) for each item not seen
    /// yet. Runs by itself after every login when <see cref="ParleyClientOptions.SyncMessagesOnLogin"/> is on. Answers how many items it raised.
    /// </summary>
    public async Task<int> SyncMessagesAsync(CancellationToken cancellationToken = default)
    {
        lock (_cursors)
        {
            _cursors.Syncing = true;
        }

        var raised = 0;
        try
        {
            while (true)
            {
                SyncParams request;
                lock (_cursors)
                {
                    request = new SyncParams(_cursors.C2C, _cursors.Notifications, new Dictionary<string, long>(_cursors.Groups, StringComparer.Ordinal));
                }

                var page = await ChatCallAsync(ChatMethods.SyncMessages, request, Json.SyncParams, Json.SyncResult, cancellationToken).ConfigureAwait(false);
                // In the server's order: C2C by id, then each group by seq — the order the cursors need. (Sorting by
                // time would not do: a message's time is taken before its id is, so concurrent sends can cross.)
                foreach (var message in page.Messages)
                {
                    raised += Admit(message, fromSync: true) ? 1 : 0;
                }

                foreach (var notification in page.Notifications)
                {
                    raised += Admit(notification, fromSync: true) ? 1 : 0;
                }

                lock (_cursors)
                {
                    foreach (var (groupId, seq) in page.Groups)
                    {
                        _cursors.Advance(groupId, seq);
                    }
                }

                if (!page.HasMore)
                {
                    return raised;
                }
            }
        }
        finally
        {
            List<Action> held;
            lock (_cursors)
            {
                _cursors.Syncing = false;
                held = [.. _cursors.Held];
                _cursors.Held.Clear();
            }

            foreach (var live in held)
            {
                live();
            }
        }
    }

    public Task<CreateGroupResult> CreateGroupAsync(CreateGroupParams group, CancellationToken cancellationToken = default) =>
        ChatCallAsync(ChatMethods.CreateGroup, group, Json.CreateGroupParams, Json.CreateGroupResult, cancellationToken);

    /// <summary>Joins (or asks to join) a group; when joined, messages after <see cref="JoinGroupResult.LastSeq"/> are this user's.</summary>
    public async Task<JoinGroupResult> JoinGroupAsync(string groupId, string? message = null, CancellationToken cancellationToken = default)
    {
        var result = await ChatCallAsync(ChatMethods.JoinGroup, new GroupParams(groupId, Message: message), Json.GroupParams, Json.JoinGroupResult, cancellationToken)
            .ConfigureAwait(false);
        if (result.Status == "joined")
        {
            lock (_cursors)
            {
                _cursors.Advance(groupId, result.LastSeq);
            }
        }

        return result;
    }

    public Task QuitGroupAsync(string groupId, CancellationToken cancellationToken = default) => GroupCallAsync(ChatMethods.QuitGroup, new GroupParams(groupId), cancellationToken);

    public Task DismissGroupAsync(string groupId, CancellationToken cancellationToken = default) => GroupCallAsync(ChatMethods.DismissGroup, new GroupParams(groupId), cancellationToken);

    public Task InviteToGroupAsync(string groupId, IReadOnlyList<string> members, CancellationToken cancellationToken = default) =>
        GroupCallAsync(ChatMethods.InviteToGroup, new GroupParams(groupId, members), cancellationToken);

    public Task KickGroupMembersAsync(string groupId, IReadOnlyList<string> members, CancellationToken cancellationToken = default) =>
        GroupCallAsync(ChatMethods.KickGroupMembers, new GroupParams(groupId, members), cancellationToken);

    public Task HandleJoinRequestAsync(string groupId, string applicant, bool approve, string? reason = null, CancellationToken cancellationToken = default) =>
        ChatCallAsync(ChatMethods.HandleJoinRequest, new HandleJoinRequestParams(groupId, applicant, approve, reason), Json.HandleJoinRequestParams, Json.EmptyResult,
            cancellationToken);

    public Task<GroupListResult> GetJoinedGroupsAsync(CancellationToken cancellationToken = default) =>
        ChatCallAsync(ChatMethods.GetJoinedGroups, (EmptyResult?)null, null, Json.GroupListResult, cancellationToken);

    public Task<GroupMembersResult> GetGroupMembersAsync(string groupId, int offset = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        ChatCallAsync(ChatMethods.GetGroupMembers, new GroupParams(groupId, Offset: offset, Limit: limit), Json.GroupParams, Json.GroupMembersResult, cancellationToken);

    public Task ModifyGroupProfileAsync(ModifyGroupProfileParams change, CancellationToken cancellationToken = default) =>
        ChatCallAsync(ChatMethods.ModifyGroupProfile, change, Json.ModifyGroupProfileParams, Json.EmptyResult, cancellationToken);

    /// <summary>Makes a member Admin or Member (owner only).</summary>
    public Task SetGroupMemberRoleAsync(string groupId, string member, string role, CancellationToken cancellationToken = default) =>
        ChatCallAsync(ChatMethods.SetGroupMemberRole, new ManageGroupMemberParams(groupId, member, role), Json.ManageGroupMemberParams, Json.EmptyResult,
            cancellationToken);

    /// <summary>Mutes a member for <paramref name="seconds"/> (0 unmutes).</summary>
    public Task MuteGroupMemberAsync(string groupId, string member, long seconds, CancellationToken cancellationToken = default) =>
        ChatCallAsync(ChatMethods.MuteGroupMember, new ManageGroupMemberParams(groupId, member, Seconds: seconds), Json.ManageGroupMemberParams, Json.EmptyResult,
            cancellationToken);

    public Task TransferGroupOwnerAsync(string groupId, string newOwner, CancellationToken cancellationToken = default) =>
        ChatCallAsync(ChatMethods.TransferGroupOwner, new ManageGroupMemberParams(groupId, newOwner), Json.ManageGroupMemberParams, Json.EmptyResult,
            cancellationToken);

    /// <summary>
    /// Uploads a file for an image, sound, file or video element (docs/uploads.md) with this session's credentials;
    /// the answer's <see cref="UploadedFile.Url"/> and <see cref="UploadedFile.Uuid"/> go into the element, and images
    /// come with their format and size. Fails with <see cref="ParleyException"/> carrying the server's code.
    /// </summary>
    public async Task<UploadedFile> UploadAsync(Stream content, string contentType, string? fileName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var credentials = CurrentCredentials();
        var query = $"sdkappid={credentials.SdkAppId}&identifier={Uri.EscapeDataString(credentials.Identifier)}&usersig={Uri.EscapeDataString(credentials.UserSig)}"
            + (fileName is null ? "" : "&name=" + Uri.EscapeDataString(fileName));
        using var body = new StreamContent(content);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await UploadHttp.PostAsync(new Uri(HttpBase(), "upload?" + query), body, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using var error = JsonDocument.Parse(text);
            var code = error.RootElement.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : Protocol.Errors.ErrorCodes.InternalError;
            throw new ParleyException(code, error.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? text : text);
        }

        return JsonSerializer.Deserialize(text, Json.UploadedFile) ?? throw new ParleyException(Protocol.Errors.ErrorCodes.InternalError, "empty upload answer");
    }

    /// <summary>An uploaded file's URL with this session's credentials, for downloading it (<c>GET /files/…</c>).</summary>
    public Uri FileUrl(string url)
    {
        var credentials = CurrentCredentials();
        return new Uri(HttpBase(), url.TrimStart('/') + $"?identifier={Uri.EscapeDataString(credentials.Identifier)}&usersig={Uri.EscapeDataString(credentials.UserSig)}");
    }

    private static readonly HttpClient UploadHttp = new() { Timeout = TimeSpan.FromMinutes(5) };

    private SessionCredentials CurrentCredentials()
    {
        lock (_gate)
        {
            return _credentials ?? throw ParleyException.FromCode(Protocol.Errors.ErrorCodes.NotLoggedIn);
        }
    }

    /// <summary>ws(s)://host:port/ws → http(s)://host:port/</summary>
    private Uri HttpBase() => new UriBuilder(CurrentServerUri) { Scheme = CurrentServerUri.Scheme == "wss" ? "https" : "http", Path = "/", Query = "" }.Uri;

    /// <summary>Called from the constructor: routes the chat events of protocol.md §14.</summary>
    private void InitializeChat() => ExtensionNotification += OnChatNotification;

    private void OnChatNotification(string method, JsonElement parameters)
    {
        switch (method)
        {
            case ChatEvents.MessageReceived or ChatEvents.GroupTip when TryRead(method, parameters, Json.ChatMessage, out var message):
                LiveMessage(message);
                break;
            case ChatEvents.GroupSystemNotification when TryRead(method, parameters, Json.GroupSystemNotification, out var notification):
                Live(() => Admit(notification, fromSync: false));
                break;
            case ChatEvents.MessageRecalled when TryRead(method, parameters, Json.MessageRecalledEvent, out var recall):
                Raise(MessageRecalled, new MessageRecalledEventArgs(recall));
                break;
        }
    }

    /// <summary>
    /// A live message, or — when it skips seqs of its group (the group's grain moved to another node after a node died,
    /// with events it had acknowledged but not yet delivered; or it arrived on a new connection before the login's own
    /// sync) — a catch-up sync from the group's cursor first, which brings the missed ones and this one in order, each
    /// once. The message waits (with every later live event) until a catch-up succeeds; a failed one is retried with
    /// backoff, and after ten failures the gap is given up (the next login's sync still fills it).
    /// </summary>
    private void LiveMessage(ChatMessage message)
    {
        bool catchUp;
        lock (_cursors)
        {
            if (_cursors.Syncing)
            {
                _cursors.Held.Add(() => LiveMessage(message));
                return;
            }

            catchUp = _cursors.SkipsSeqs(message);
            if (catchUp)
            {
                _cursors.Syncing = true; // claimed here, so later live events wait behind the catch-up
                _cursors.Held.Add(() => LiveMessage(message));
            }
        }

        if (catchUp)
        {
            _ = CatchUpAsync(message.GroupId!);
        }
        else
        {
            Admit(message, fromSync: false);
        }
    }

    private async Task CatchUpAsync(string groupId)
    {
        int earlierAttempts;
        lock (_cursors)
        {
            // Counted before the attempt: a failed sync replays what waits (this message too) before it returns, and
            // that replay must already see this attempt, or it would retry at once, forever.
            earlierAttempts = _cursors.BeginCatchUp(groupId);
        }

        try
        {
            // Never synchronously: a sync that fails at once (the client is reconnecting) replays the waiting message,
            // which comes back here; yielding keeps that from growing the stack.
            await Task.Yield();
            if (earlierAttempts > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * earlierAttempts, 3000)), _time, _lifetime.Token).ConfigureAwait(false);
            }

            var raised = await SyncMessagesAsync().ConfigureAwait(false);
            lock (_cursors)
            {
                _cursors.CatchUpSucceeded(groupId, filledNothing: raised == 0);
            }
        }
        catch (Exception ex) when (ex is ParleyException or OperationCanceledException or ObjectDisposedException)
        {
            if (ex is not ParleyException)
            {
                lock (_cursors)
                {
                    // Disposed while waiting: nothing will replay what waits; let it go.
                    _cursors.Syncing = false;
                    _cursors.Held.Clear();
                }
            }

            Log.SyncFailed(_logger, ex);
        }
    }

    /// <summary>Runs a live event now, or after the sync in progress (so sync's older items are not dropped as repeats).</summary>
    private void Live(Action admit)
    {
        lock (_cursors)
        {
            if (_cursors.Syncing)
            {
                _cursors.Held.Add(() => admit());
                return;
            }
        }

        admit();
    }

    private bool Admit(ChatMessage message, bool fromSync)
    {
        long unread;
        var id = message.GroupId ?? (string.Equals(message.From, _login?.Identifier, StringComparison.OrdinalIgnoreCase) ? message.To! : message.From);
        var isTip = message.MsgBody is { ValueKind: JsonValueKind.Array } body && body.GetArrayLength() > 0
            && body[0].TryGetProperty("MsgType", out var type) && type.ValueEquals(TipTypes.ElementType);
        lock (_cursors)
        {
            if (!_cursors.Accept(message))
            {
                return false;
            }

            var mine = string.Equals(message.From, _login?.Identifier, StringComparison.OrdinalIgnoreCase);
            unread = _cursors.AddUnread(id, mine || isTip ? 0 : 1);
        }

        Raise(isTip ? GroupTipReceived : MessageReceived, new ChatMessageEventArgs(message, fromSync));
        Raise(ConversationUpdated, new ConversationUpdatedEventArgs(message.ConversationType, id, message, unread));
        return true;
    }

    private bool Admit(GroupSystemNotification notification, bool fromSync)
    {
        lock (_cursors)
        {
            if (!_cursors.Accept(notification))
            {
                return false;
            }
        }

        Raise(GroupSystemNotificationReceived, new GroupSystemNotificationEventArgs(notification, fromSync));
        return true;
    }

    /// <summary>After a login (not a resume, which lost nothing): catch up in the background; failures are the app's next explicit sync's.</summary>
    private void SyncAfterLogin()
    {
        if (_options.SyncMessagesOnLogin)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await SyncMessagesAsync(_lifetime.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ParleyException or OperationCanceledException or ObjectDisposedException)
                {
                    Log.SyncFailed(_logger, ex);
                }
            });
        }
    }

    private Task<EmptyResult> GroupCallAsync(string method, GroupParams p, CancellationToken cancellationToken) =>
        ChatCallAsync(method, p, Json.GroupParams, Json.EmptyResult, cancellationToken);

    private Task<TResult> ChatCallAsync<TParams, TResult>(string method, TParams? p, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TParams>? paramsType,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken)
        where TParams : class =>
        RequireConnection().InvokeAsync(method, p, paramsType, resultType, _options.RequestTimeout, cancellationToken);

    private static uint NewRandom() => (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
}
