using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Parley.Load.Group;

/// <summary>
/// ejabberd (XMPP) as the peer of <see cref="GroupScenario"/>: each member is a client-to-server TCP stream that
/// authenticates with SASL ANONYMOUS, binds a resource and joins the group's MUC room (XEP-0045) without history; a
/// send is a <c>groupchat</c> message, acknowledged when the room reflects it back to the sender (XEP-0045 §7.4).
/// Stanzas are scanned for the sender's marker, not parsed, as with Parley's frames. Member 0 of each group creates
/// the room and accepts the default configuration (an instant room). bench/ejabberd/ejabberd.yml is the server's
/// configuration: no TLS, anonymous logins, no shapers, rooms up to 20,000 occupants, presences broadcast only for
/// moderators (so 10,000 joins do not cost 10,000² presence stanzas).
/// </summary>
public sealed class EjabberdChatTarget(string address, string domain) : IChatTarget
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];
    private readonly ConcurrentDictionary<int, XmppMember> _members = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _roomsReady = new();
    private int _groups;

    public string Name => "ejabberd";

    private string Room(int group) => $"load{_run}g{group}@conference.{domain}";

    public Task PrepareAsync(int members, int groups, CancellationToken cancellationToken)
    {
        _groups = groups;
        for (var g = 0; g < groups; g++)
        {
            _roomsReady[g] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return Task.CompletedTask; // rooms are created by their first member; anonymous logins need no accounts
    }

    public async Task ConnectAsync(int member, ChatReceiver receiver, CancellationToken cancellationToken)
    {
        var group = member % _groups;
        var creator = member < _groups;
        if (!creator)
        {
            await _roomsReady[group].Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var (host, port) = ParseAddress(address);
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        var m = new XmppMember(tcp, receiver, $"m{member}");
        _members[member] = m;
        await m.OpenAsync(domain, cancellationToken).ConfigureAwait(false);
        await m.JoinRoomAsync(Room(group), creator, cancellationToken).ConfigureAwait(false);
        if (creator)
        {
            _roomsReady[group].TrySetResult();
        }
    }

    public Task SendAsync(int member, string text, CancellationToken cancellationToken) =>
        _members[member].SendGroupchatAsync(Room(member % _groups), text, cancellationToken);

    public Task KeepAliveAsync(CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(_members.Values, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (m, token) => await m.WriteAsync(" ", token).ConfigureAwait(false)); // RFC 6120 §4.6.1 whitespace keepalive

    public ValueTask DisposeAsync()
    {
        foreach (var m in _members.Values)
        {
            m.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static (string Host, int Port) ParseAddress(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), out var port) ? (text[..colon], port) : (text, 5222);
    }

    /// <summary>One XMPP stream: writes serialized, reads scanned; waits are matched by a substring of the next stanzas.</summary>
    private sealed class XmppMember(TcpClient tcp, ChatReceiver receiver, string nick) : IDisposable
    {
        private readonly NetworkStream _stream = tcp.GetStream();
        private readonly SemaphoreSlim _writeLock = new(1, 1);
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _waits = new(StringComparer.Ordinal);
        private static readonly byte[] MessageEnd = "</message>"u8.ToArray();
        private static readonly byte[] MessageStart = "<message"u8.ToArray();
        private bool _joined;
        private long _nextId;

        public async Task OpenAsync(string domain, CancellationToken cancellationToken)
        {
            _ = ReadLoopAsync();
            var header = $"<?xml version='1.0'?><stream:stream to='{domain}' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
            await ExchangeAsync(header, "</stream:features>", cancellationToken).ConfigureAwait(false);
            await ExchangeAsync("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>", "<success", cancellationToken).ConfigureAwait(false);
            await ExchangeAsync(header, "</stream:features>", cancellationToken).ConfigureAwait(false);
            await ExchangeAsync("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>load</resource></bind></iq>", "id='bind'",
                cancellationToken).ConfigureAwait(false);
        }

        public async Task JoinRoomAsync(string room, bool creator, CancellationToken cancellationToken)
        {
            // XEP-0045 §7.2: the self-presence (status 110) closes the join; no history (maxstanzas 0).
            await ExchangeAsync($"<presence to='{room}/{nick}'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>",
                "code='110'", cancellationToken).ConfigureAwait(false);
            if (creator)
            {
                // §10.1.2: accept the default configuration, making an instant room that others may enter.
                await ExchangeAsync($"<iq type='set' id='cfg' to='{room}'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'/></query></iq>",
                    "id='cfg'", cancellationToken).ConfigureAwait(false);
            }

            _joined = true;
        }

        public Task SendGroupchatAsync(string room, string text, CancellationToken cancellationToken)
        {
            var id = "s" + Interlocked.Increment(ref _nextId);
            return ExchangeAsync($"<message to='{room}' type='groupchat' id='{id}'><body>{text}</body></message>", $"id='{id}'", cancellationToken);
        }

        public async Task WriteAsync(string text, CancellationToken cancellationToken)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }

        private async Task ExchangeAsync(string stanza, string until, CancellationToken cancellationToken)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits[until] = done;
            await WriteAsync(stanza, cancellationToken).ConfigureAwait(false);
            await done.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Reads the stream in 4 KB chunks (the buffer is owned by this loop). Complete <c>message</c> stanzas go to the
        /// receiver once the member is in its room (every marker in them counts); a stanza split over chunks waits in
        /// <c>pending</c> for its end. Waits are matched against the new text plus a short tail of the previous.
        /// </summary>
        private async Task ReadLoopAsync()
        {
            var buffer = new byte[4096];
            var pending = new List<byte>(8192);
            var tail = "";
            try
            {
                while (true)
                {
                    var read = await _stream.ReadAsync(buffer).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    if (!_waits.IsEmpty)
                    {
                        var text = tail + Encoding.UTF8.GetString(buffer, 0, read);
                        foreach (var (until, wait) in _waits)
                        {
                            if (text.Contains(until, StringComparison.Ordinal) && _waits.TryRemove(until, out _))
                            {
                                wait.TrySetResult();
                            }
                        }

                        tail = text.Length > 256 ? text[^256..] : text;
                    }

                    if (_joined)
                    {
                        pending.AddRange(buffer.AsSpan(0, read));
                        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pending);
                        var end = span.LastIndexOf(MessageEnd);
                        if (end >= 0)
                        {
                            receiver.OnMessages(span[..(end + MessageEnd.Length)]);
                            var rest = span[(end + MessageEnd.Length)..];
                            var open = rest.LastIndexOf(MessageStart);
                            var keep = open >= 0 ? rest[open..].ToArray() : [];
                            pending.Clear();
                            pending.AddRange(keep);
                        }
                        else if (pending.Count > 64 * 1024)
                        {
                            pending.Clear(); // presences and other stanzas without a message in them
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
                foreach (var wait in _waits.Values)
                {
                    wait.TrySetException(ex);
                }
            }
        }

        public void Dispose()
        {
            tcp.Dispose();
            _writeLock.Dispose();
        }
    }
}
