using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Signaling.Grains;
using Parley.Signaling.JsonRpc;
using Parley.Signaling.Logging;
using Parley.Signaling.MediaHooks;

namespace Parley.Signaling.Sessions;

/// <summary>
/// One WebSocket connection to <c>/ws</c> (docs/protocol.md). This file holds the connection mechanics: the receive
/// loop, the ordered send queue and closing. Request handling is in SignalingSession.Requests.cs; suspending and
/// resuming (docs/protocol.md §13) in SignalingSession.Resume.cs; the login, heartbeat and userSig deadlines (checked by
/// the node's one <see cref="SessionDeadlines"/> timer) in SignalingSession.Deadlines.cs.
/// <para>
/// Event delivery design: at login the session registers itself as an Orleans grain observer
/// (<see cref="ISessionObserver"/>) with its user grain, which hands the reference to every room it joins. A room
/// grain notifies members by calling their observers; the runtime routes each call to the silo that holds the socket.
/// So one silo or many, rooms never need to know where sockets live, and the per-silo <see cref="SessionRegistry"/>
/// is only used for shutdown. Media never goes this way; only room membership and session events do.
/// </para>
/// <para>
/// Memory: an idle session owns a 512-byte receive buffer, its send queue and its login state, and no timer. Larger
/// messages are assembled in a buffer rented from <see cref="ArrayPool{T}.Shared"/> and returned as soon as the
/// message is handled.
/// </para>
/// </summary>
internal sealed partial class SignalingSession : ISessionObserver
{
    private const int SmallReceiveBufferBytes = 512;

    // The connection of the moment: replaced when a suspended session is resumed on a new socket (§13). Guarded by _gate
    // for writers; the receive loop and the drain each work on the socket they were started with.
    private WebSocket _socket;
    private readonly SignalingServices _services;
    private readonly SignalingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    // Send queue, guarded by _gate. Drained by one task at a time that exists only while there is something to
    // send, so an idle session holds neither a writer task nor a channel.
    private readonly Queue<OutboundItem> _sendQueue = new();
    private Task _drain = Task.CompletedTask;
    private bool _draining;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _receiveEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _closeCode;
    private string _exitReason = ExitReasons.Disconnected;
    private long _lastActivityTimestamp;
    private TokenBucket _rateLimiter;
    // The client's address (after trusted proxies) for the per-address abuse limits; replaced when a resume brings the
    // session a socket from elsewhere. Read and written by the receive loop of the moment.
    private System.Net.IPAddress? _clientAddress;
    private long _floodWindowStart;
    private int _floodStrikes;

    public SignalingSession(WebSocket socket, SignalingServices services, System.Net.IPAddress? clientAddress)
    {
        _socket = socket;
        _clientAddress = clientAddress is null ? null : Limits.AddressRanges.Canonical(clientAddress);
        _services = services;
        _options = services.Options;
        _time = services.Time;
        _logger = services.Logger;
    }

    /// <summary>Completes when the session has fully ended (socket closed, room left).</summary>
    public Task Completion => _completion.Task;

    /// <summary>The logged-in identifier, or null before login (diagnostics and tests).</summary>
    internal string? Identifier
    {
        get
        {
            lock (_gate)
            {
                return _login?.Identifier;
            }
        }
    }

    private bool IsClosing => Volatile.Read(ref _closeCode) != 0;

    /// <summary>Runs the connection until it closes.</summary>
    public async Task RunAsync(CancellationToken connectionAborted)
    {
        _lastActivityTimestamp = _time.GetTimestamp();
        StartLoginDeadline();
        // From here the node's deadline sweep sees this session (SessionDeadlines walks the registry).
        _services.Registry.Add(this);
        await RunConnectionAsync(connectionAborted);
    }

    /// <summary>Runs the receive loop on the current socket, then decides what its end means (end, suspend, hand over).</summary>
    private async Task RunConnectionAsync(CancellationToken connectionAborted)
    {
        WebSocket socket;
        TaskCompletionSource receiveEnded;
        lock (_gate)
        {
            socket = _socket;
            receiveEnded = _receiveEnded;
        }
        try
        {
            await ReceiveLoopAsync(socket, connectionAborted);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            _logger.ReceiveEnded(ex.GetType().Name);
        }
        catch (Exception ex)
        {
            _logger.RequestFailed(ex, "receive");
            RequestClose(CloseCodes.InternalError, "internal error", ExitReasons.Disconnected);
        }
        finally
        {
            receiveEnded.TrySetResult();
        }
        await OnConnectionEndedAsync(socket, connectionAborted);
    }

    /// <summary>Host is stopping: serverShuttingDown, leave the room, close 1001.</summary>
    public void BeginShutdown() =>
        RequestClose(CloseCodes.GoingAway, "server shutting down", ExitReasons.ServerShutdown, ShuttingDownNotice());

    /// <summary>The <c>serverShuttingDown</c> event a stopping node sends each client, its own sessions' and relayed ones.</summary>
    internal static byte[] ShuttingDownNotice() =>
        JsonRpcWriter.Notification(Events.ServerShuttingDown, new ServerShuttingDownEvent("The server is shutting down."),
            ProtocolJsonContext.Default.ServerShuttingDownEvent);

    private async Task ReceiveLoopAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        // Owned by this session for its lifetime: every message that fits is received and handled in place.
        var small = new byte[SmallReceiveBufferBytes];
        // Rented only while a message larger than `small` is being assembled; returned right after it is handled.
        byte[]? large = null;
        var largeCount = 0;
        var limit = _options.MaxFrameBytes;
        try
        {
            while (true)
            {
                ValueWebSocketReceiveResult result;
                if (large is null)
                {
                    result = await socket.ReceiveAsync(small.AsMemory(), cancellationToken);
                }
                else
                {
                    // Never read more than limit + 1 bytes: one byte over is enough to know the message is too big.
                    if (largeCount == large.Length && large.Length <= limit)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(large.Length * 2, limit + 1));
                        large.AsSpan(0, largeCount).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(large);
                        large = bigger;
                    }
                    var room = Math.Min(large.Length, limit + 1) - largeCount;
                    result = await socket.ReceiveAsync(large.AsMemory(largeCount, room), cancellationToken);
                }
                Volatile.Write(ref _lastActivityTimestamp, _time.GetTimestamp());

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // The peer's own goodbye (not its answer to ours) ends the session, unless its code (4000-4999) says
                    // it is reconnecting (docs/protocol.md §13).
                    _peerClosed = !IsClosing && (int?)socket.CloseStatus is not (>= 4000 and <= 4999);
                    return;
                }
                if (IsClosing)
                {
                    // Draining until the peer answers our close frame; nothing more is handled.
                    ReturnLarge(ref large, ref largeCount);
                    continue;
                }
                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    RequestClose(CloseCodes.UnsupportedData, "text messages only", ExitReasons.Disconnected);
                    continue;
                }

                if (large is null)
                {
                    if (result.EndOfMessage)
                    {
                        await HandleMessageAsync(small.AsMemory(0, result.Count));
                        if (SocketHandedOver)
                        {
                            return; // this socket now belongs to the resumed session (HandOverAsync) or its relay (RelayAsync)
                        }
                        continue;
                    }
                    large = ArrayPool<byte>.Shared.Rent(Math.Min(4 * SmallReceiveBufferBytes, limit + 1));
                    small.AsSpan(0, result.Count).CopyTo(large);
                    largeCount = result.Count;
                }
                else
                {
                    largeCount += result.Count;
                }

                if (largeCount > limit)
                {
                    ReturnLarge(ref large, ref largeCount);
                    RequestClose(CloseCodes.MessageTooBig, "message too big", ExitReasons.Disconnected);
                }
                else if (result.EndOfMessage)
                {
                    await HandleMessageAsync(large.AsMemory(0, largeCount));
                    ReturnLarge(ref large, ref largeCount);
                    if (SocketHandedOver)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            ReturnLarge(ref large, ref largeCount);
        }
    }

    private static void ReturnLarge(ref byte[]? large, ref int count)
    {
        if (large is not null)
        {
            ArrayPool<byte>.Shared.Return(large);
            large = null;
        }
        count = 0;
    }

    /// <summary>Queues a message; a peer that lets <see cref="SignalingOptions.SendQueueLimit"/> pile up is closed with 1008.</summary>
    private void Enqueue(OutboundItem item)
    {
        lock (_gate)
        {
            if (_closeCode != 0)
            {
                return;
            }
            if (_sendQueue.Count < _options.SendQueueLimit)
            {
                _sendQueue.Enqueue(item);
                StartDrainingUnderLock();
                return;
            }
        }
        RequestClose(CloseCodes.PolicyViolation, "send queue overflow", ExitReasons.Disconnected);
    }

    /// <summary>
    /// Starts closing once (later calls are ignored): queues <paramref name="finalMessage"/> (bypassing the queue
    /// limit) and the close frame, and records why the session's room should see it leave.
    /// </summary>
    private void RequestClose(int code, string description, string exitReason, byte[]? finalMessage = null)
    {
        WebSocket socket;
        Task receiveEnded;
        lock (_gate)
        {
            if (_closeCode != 0)
            {
                return;
            }
            Volatile.Write(ref _closeCode, code);
            _exitReason = exitReason;
            if (_state == ConnectionState.Suspended)
            {
                // No socket to say it on: the session just ends (userSig expiry, a new login, shutdown, queue overflow).
                _ = EndSuspendedAsync();
                return;
            }
            socket = _socket;
            receiveEnded = _receiveEnded.Task;
            if (finalMessage is not null)
            {
                _sendQueue.Enqueue(OutboundItem.Message(finalMessage));
            }
            _sendQueue.Enqueue(OutboundItem.Close(code, description));
            StartDrainingUnderLock();
        }
        _logger.Closing(code, description);
        _ = AbortIfStillOpenAsync(socket, receiveEnded);
    }

    private void StartDrainingUnderLock()
    {
        // Suspended or being resumed there is no socket to send on: the queue waits for the next one (§13).
        if (!_draining && _state == ConnectionState.Live)
        {
            _draining = true;
            var socket = _socket;
            _drain = Task.Run(() => DrainAsync(socket));
        }
    }

    /// <summary>A peer that neither reads nor answers our close frame is cut off after the handshake timeout.</summary>
    private async Task AbortIfStillOpenAsync(WebSocket socket, Task receiveEnded)
    {
        await Task.WhenAny(receiveEnded, Task.Delay(_options.CloseHandshakeTimeout));
        if (!receiveEnded.IsCompleted)
        {
            socket.Abort();
        }
    }

    /// <summary>
    /// Sends queued items in order until the queue is empty; only one runs at a time. An item leaves the queue only
    /// once sent, so what a dropped socket could not take is still there for a resumed session.
    /// </summary>
    private async Task DrainAsync(WebSocket socket)
    {
        var sent = 0;
        while (true)
        {
            OutboundItem item;
            lock (_gate)
            {
                if (!_sendQueue.TryPeek(out item))
                {
                    _draining = false;
                    if (sent > 16)
                    {
                        // Do not keep the array of a burst around for the rest of an idle session.
                        _sendQueue.TrimExcess();
                    }
                    return;
                }
            }
            sent++;
            try
            {
                if (item.IsClose)
                {
                    if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync((WebSocketCloseStatus)item.CloseCode, item.CloseDescription, CancellationToken.None);
                    }
                }
                else if (item.Utf8 is not null)
                {
                    await socket.SendAsync(item.Utf8, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
                else
                {
                    await SendTextAsync(socket, item.Text!);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The socket is gone; the receive loop notices on its own. The queue stays: a resume sends it (§13),
                // and a session that ends simply drops it.
                socket.Abort();
                lock (_gate)
                {
                    _draining = false;
                    if (!ReferenceEquals(socket, _socket))
                    {
                        StartDrainingUnderLock(); // a resume attached a new socket while this drain was failing
                    }
                }
                return;
            }

            lock (_gate)
            {
                _sendQueue.Dequeue();
            }
        }
    }

    private static async Task SendTextAsync(WebSocket socket, string text)
    {
        // Rented for the duration of one send; the writer loop is its only user.
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            await socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task EndAsync()
    {
        StopDeadlines();
        DisposeResumeTimer();
        try
        {
            await LeaveAsync();
            Task drain;
            lock (_gate)
            {
                drain = _drain;
            }
            await drain.WaitAsync(_options.CloseHandshakeTimeout);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _socket.Abort();
            }
        }
        finally
        {
            _services.Registry.Remove(this);
            EndGuest();
            if (_login is { } login)
            {
                _services.LocalSessions.RemoveUser(login.SdkAppId, login.IdentifierKey, this);
                if (login.Resumable)
                {
                    _services.Registry.RemoveResumable(login.SessionId, this);
                }
            }
            _completion.TrySetResult();
        }
    }
}
