using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Parley.Load.Common;
using Parley.Load.Common.Epoll;

namespace Parley.Load.Group;

/// <summary>
/// Parley as a group chat target: groups (ChatRoom, or AVChatRoom above 10,000 members) and memberships made through
/// the vendor REST API (<c>create_group</c>, <c>add_group_member</c> in batches of 500, before anyone connects, so no
/// join tip fans out), members as raw WebSockets — the JSON-RPC frames of docs/protocol.md written by hand and only
/// scanned on receipt, so the tool's side costs little next to the server's. With an <see cref="EpollReceiver"/> (Linux,
/// ws://) members are <see cref="RawWebSocket"/>s read by its threads; otherwise <see cref="ClientWebSocket"/>s, each
/// with its own receive loop and a 4 KB receive buffer.
/// </summary>
public sealed class ParleyChatTarget(Uri server, IUserSigSource userSigs, IReadOnlyList<Uri>? moreServers = null, EpollReceiver? epoll = null) : IChatTarget
{
    // Member i connects to node i mod n: the first node, then the other nodes of the cluster.
    private readonly Uri[] _nodes = [server, .. moreServers ?? []];

    private const int Batch = 500;
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];
    private readonly ConcurrentDictionary<int, Member> _members = new();
    private readonly CancellationTokenSource _stop = new();
    private int _groups;
    // Per group: an AVChatRoom (over 10,000 members, R5.3) that members join by themselves after login.
    private bool[] _selfJoin = [];

    public string Name => "Parley";

    private string Identifier(int member) => $"gl_{_run}_{member}";

    private string GroupId(int group) => $"load_{_run}_{group}";

    public async Task PrepareAsync(int members, int groups, CancellationToken cancellationToken)
    {
        _groups = groups;
        _selfJoin = new bool[groups];
        using var http = new HttpClient { BaseAddress = new UriBuilder(server) { Scheme = server.Scheme == "wss" ? "https" : "http", Path = "/", Query = "" }.Uri };
        var adminSig = await userSigs.GetUserSigAsync("administrator", cancellationToken).ConfigureAwait(false);
        for (var g = 0; g < groups; g++) // groups 0: one-to-one runs need none
        {
            var ids = Enumerable.Range(0, members).Where(i => i % groups == g).Select(Identifier).ToList();
            var type = ids.Count > 10_000 ? "AVChatRoom" : "ChatRoom";
            _selfJoin[g] = type == "AVChatRoom";
            await RestAsync(http, adminSig, "group_open_http_svc/create_group",
                new { Owner_Account = ids[0], Type = type, GroupId = GroupId(g), Name = "load " + g }, cancellationToken).ConfigureAwait(false);
            for (var start = 1; type == "ChatRoom" && start < ids.Count; start += Batch)
            {
                var batch = ids.Skip(start).Take(Batch).Select(id => new { Member_Account = id }).ToArray();
                await RestAsync(http, adminSig, "group_open_http_svc/add_group_member", new { GroupId = GroupId(g), Silence = 1, MemberList = batch }, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
    }

    public async Task ConnectAsync(int member, ChatReceiver receiver, CancellationToken cancellationToken)
    {
        var identifier = Identifier(member);
        var sig = await userSigs.GetUserSigAsync(identifier, cancellationToken).ConfigureAwait(false);
        var node = _nodes[member % _nodes.Length];
        Member m;
        if (epoll is not null && node.Scheme == "ws")
        {
            m = new Member(await RawWebSocket.ConnectAsync(node, epoll, cancellationToken).ConfigureAwait(false), receiver);
            _members[member] = m;
        }
        else
        {
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await socket.ConnectAsync(node, cancellationToken).ConfigureAwait(false);
            m = new Member(socket, receiver);
            _members[member] = m;
            _ = m.ReceiveLoopAsync(_stop.Token);
        }
        await m.CallAsync("login", $$"""{"sdkAppId":{{userSigs.SdkAppId}},"identifier":"{{identifier}}","userSig":"{{sig}}","platform":"linux"}""", cancellationToken)
            .ConfigureAwait(false);
        var g = _groups == 0 ? -1 : member % _groups;
        if (g >= 0 && _selfJoin[g] && member >= _groups)
        {
            await m.CallAsync("joinGroup", $$"""{"groupId":"{{GroupId(g)}}"}""", cancellationToken).ConfigureAwait(false);
        }
    }

    public Task SendAsync(int member, string text, CancellationToken cancellationToken) =>
        _members[member].CallAsync("sendMessage",
            $$$"""{"groupId":"{{{GroupId(member % _groups)}}}","msgRandom":{{{Random.Shared.Next()}}},"msgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"{{{text}}}"}}]}""",
            cancellationToken);

    /// <summary>A one-to-one message from <paramref name="member"/> to <paramref name="to"/>, acknowledged once stored.</summary>
    public Task SendC2CAsync(int member, int to, string text, CancellationToken cancellationToken) =>
        _members[member].CallAsync("sendMessage",
            $$$"""{"to":"{{{Identifier(to)}}}","msgRandom":{{{Random.Shared.Next()}}},"msgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"{{{text}}}"}}]}""",
            cancellationToken);

    /// <summary>The identifier of member <paramref name="member"/> in this run.</summary>
    public string IdentifierOf(int member) => Identifier(member);

    public Task KeepAliveAsync(CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(_members.Values, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (m, token) =>
            {
                try
                {
                    await m.NotifyAsync("""{"jsonrpc":"2.0","method":"ping"}""", token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
                {
                    // A member the server closed: its missing deliveries show in the report; the others carry on.
                }
            });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var m in _members.Values)
        {
            m.Dispose();
        }

        _stop.Dispose();
    }

    private async Task RestAsync(HttpClient http, string adminSig, string command, object body, CancellationToken cancellationToken)
    {
        var url = $"v4/{command}?sdkappid={userSigs.SdkAppId}&identifier=administrator&usersig={Uri.EscapeDataString(adminSig)}&random={Random.Shared.Next()}&contenttype=json";
        using var response = await http.PostAsync(new Uri(url, UriKind.Relative), new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
            cancellationToken).ConfigureAwait(false);
        using var envelope = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        if (envelope.RootElement.GetProperty("ErrorCode").GetInt32() != 0)
        {
            throw new InvalidOperationException($"{command}: {envelope.RootElement}");
        }
    }

    /// <summary>One member's socket: requests matched to answers by id, sends serialized, frames scanned for the marker.</summary>
    private sealed class Member : IDisposable
    {
        private static readonly byte[] IdField = "\"id\":"u8.ToArray();
        private static readonly byte[] ErrorField = "\"error\""u8.ToArray();
        private readonly SemaphoreSlim _sendLock = new(1, 1);
        private readonly ConcurrentDictionary<long, TaskCompletionSource<string?>> _pending = new();
        private readonly ChatReceiver _receiver;
        // Exactly one of the two: a ClientWebSocket with its own receive loop, or a RawWebSocket read by the epoll threads.
        private readonly ClientWebSocket? _socket;
        private readonly RawWebSocket? _raw;
        private long _nextId;

        public Member(ClientWebSocket socket, ChatReceiver receiver)
        {
            _socket = socket;
            _receiver = receiver;
        }

        public Member(RawWebSocket raw, ChatReceiver receiver)
        {
            _raw = raw;
            _receiver = receiver;
            raw.TextFrame = OnFrame;
            raw.Closed = error => FailPending(error ?? new WebSocketException(WebSocketError.ConnectionClosedPrematurely));
        }

        public void Dispose()
        {
            _socket?.Abort();
            _socket?.Dispose();
            _raw?.Dispose();
            _sendLock.Dispose();
        }

        public async Task CallAsync(string method, string parameters, CancellationToken cancellationToken)
        {
            var id = Interlocked.Increment(ref _nextId);
            var answer = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = answer;
            await NotifyAsync($$"""{"jsonrpc":"2.0","id":{{id}},"method":"{{method}}","params":{{parameters}}}""", cancellationToken).ConfigureAwait(false);
            if (await answer.Task.WaitAsync(TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false) is { } error)
            {
                throw new InvalidOperationException(method + " was refused: " + error);
            }
        }

        public async Task NotifyAsync(string frame, CancellationToken cancellationToken)
        {
            var bytes = Encoding.UTF8.GetBytes(frame);
            if (_raw is not null)
            {
                try
                {
                    _raw.SendText(bytes); // whole frame, under the connection's own lock
                }
                catch (System.Net.Sockets.SocketException ex)
                {
                    throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, ex);
                }
                return;
            }
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _socket!.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }

        public async Task ReceiveLoopAsync(CancellationToken cancellationToken)
        {
            // Owned by this loop: a 4 KB buffer, grown from the pool only for the rare larger frame.
            var buffer = new byte[4096];
            var length = 0;
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (length == buffer.Length)
                    {
                        var larger = new byte[buffer.Length * 2];
                        buffer.AsSpan(0, length).CopyTo(larger);
                        buffer = larger;
                    }

                    var result = await _socket!.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    length += result.Count;
                    if (!result.EndOfMessage)
                    {
                        continue;
                    }

                    OnFrame(buffer.AsSpan(0, length));
                    length = 0;
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                FailPending(ex);
            }
        }

        private void FailPending(Exception ex)
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(ex);
            }
        }

        private void OnFrame(ReadOnlySpan<byte> frame)
        {
            // Notifications carry "method" before anything else the server writes; answers start with the id.
            var at = frame.IndexOf(IdField);
            if (at >= 0 && at < 32 && Utf8Parser.TryParse(frame[(at + IdField.Length)..], out long id, out _) && _pending.TryRemove(id, out var answer))
            {
                answer.TrySetResult(frame.IndexOf(ErrorField) < 0 ? null : Encoding.UTF8.GetString(frame));
                return;
            }

            _receiver.OnMessage(frame);
        }
    }
}
