using System.Net.WebSockets;
using System.Threading.Channels;

namespace Parley.Signaling.Sessions.Relay;

/// <summary>
/// The socket a session resumed from another node runs on (<see cref="ISessionRelayGrain"/>): what the client sends
/// arrives through <see cref="DeliverAsync"/> and <see cref="DeliverEnd"/> (the relaying node's grain calls, in order);
/// what the session sends goes to the relaying node's <see cref="ISessionRelayObserver"/>. To the session it is a
/// WebSocket like any other: its receive loop, send queue, close handshake and suspension work unchanged. A failed call
/// to the relaying node (it died, or the client left it) makes the socket abort, which suspends the session again.
/// </summary>
internal sealed class RelayedWebSocket : WebSocket
{
    // Whole client messages waiting for the session's receive loop. Bounded so a client that floods a busy session
    // waits (its Forward calls take longer) instead of piling up memory here.
    private const int InboundCapacity = 16;

    private readonly ISessionRelayObserver _relay;
    private readonly Channel<Inbound> _inbound = Channel.CreateBounded<Inbound>(
        new BoundedChannelOptions(InboundCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _gate = new();
    private WebSocketState _state = WebSocketState.Open;
    private WebSocketCloseStatus? _closeStatus;
    private string? _closeDescription;
    // The message the receive loop is reading, possibly over several calls with a small buffer; owned by that loop.
    private Inbound? _current;
    private int _offset;
    // Set once the relaying node was told to cut the client off (Abort), so it is told once.
    private int _dropSent;

    public RelayedWebSocket(ISessionRelayObserver relay)
    {
        _relay = relay;
    }

    public override WebSocketCloseStatus? CloseStatus => _closeStatus;

    public override string? CloseStatusDescription => _closeDescription;

    public override string? SubProtocol => null;

    public override WebSocketState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>A client message for the receive loop; false when the socket is closed or aborted.</summary>
    public async ValueTask<bool> DeliverAsync(byte[] message, bool binary)
    {
        try
        {
            await _inbound.Writer.WriteAsync(new Inbound(message, binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, 0, null));
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>The client's end: its close frame's status, or 0 when its connection dropped.</summary>
    public void DeliverEnd(int closeStatus, string? closeDescription)
    {
        if (closeStatus == 0)
        {
            Abort(tellRelay: false); // the relaying node already knows
            return;
        }
        // After every message forwarded before it; the receive loop reports it as the peer's close frame.
        if (!_inbound.Writer.TryWrite(new Inbound(null, WebSocketMessageType.Close, closeStatus, closeDescription)))
        {
            Abort(tellRelay: false); // a client that closes while the session is drowning in its messages: cut it off
        }
        _inbound.Writer.TryComplete();
    }

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_current is not { } current)
        {
            try
            {
                current = await _inbound.Reader.ReadAsync(cancellationToken);
            }
            catch (ChannelClosedException)
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
            }
            if (current.Type == WebSocketMessageType.Close)
            {
                lock (_gate)
                {
                    _closeStatus = (WebSocketCloseStatus)current.CloseStatus;
                    _closeDescription = current.CloseDescription;
                    _state = _state == WebSocketState.CloseSent ? WebSocketState.Closed : WebSocketState.CloseReceived;
                }
                return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, endOfMessage: true);
            }
            _current = current;
            _offset = 0;
        }

        var message = current.Message!;
        var count = Math.Min(buffer.Length, message.Length - _offset);
        message.AsSpan(_offset, count).CopyTo(buffer.Span);
        _offset += count;
        var end = _offset == message.Length;
        if (end)
        {
            _current = null;
        }
        return new ValueWebSocketReceiveResult(count, current.Type, end);
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken);
        return result.MessageType == WebSocketMessageType.Close
            ? new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, _closeStatus, _closeDescription)
            : new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage);
    }

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        // The session sends whole text messages only (one SendAsync each), which is all this socket supports.
        if (!endOfMessage || messageType != WebSocketMessageType.Text)
        {
            throw new NotSupportedException("A relayed session sends whole text messages.");
        }
        lock (_gate)
        {
            if (_state is not (WebSocketState.Open or WebSocketState.CloseReceived))
            {
                throw new WebSocketException(WebSocketError.InvalidState);
            }
        }
        await CallRelayAsync(_relay.Send(buffer.ToArray()), cancellationToken);
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    public override async Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_state is not (WebSocketState.Open or WebSocketState.CloseReceived))
            {
                return;
            }
            _state = _state == WebSocketState.CloseReceived ? WebSocketState.Closed : WebSocketState.CloseSent;
        }
        await CallRelayAsync(_relay.Close((int)closeStatus, statusDescription), cancellationToken);
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Abort() => Abort(tellRelay: true);

    public override void Dispose() => Abort(tellRelay: true);

    private void Abort(bool tellRelay)
    {
        lock (_gate)
        {
            if (_state is WebSocketState.Aborted or WebSocketState.Closed)
            {
                tellRelay = false;
            }
            _state = WebSocketState.Aborted;
        }
        _inbound.Writer.TryComplete();
        if (tellRelay && Interlocked.Exchange(ref _dropSent, 1) == 0)
        {
            _ = TellRelayToDropAsync();
        }
    }

    private async Task TellRelayToDropAsync()
    {
        try
        {
            await _relay.Close(0, null);
        }
        catch (Exception)
        {
            // Best effort: the relaying node is gone or the client already left it; either way the client is cut off.
        }
    }

    /// <summary>A call to the relaying node; any failure is this socket's failure, reported as a WebSocket would.</summary>
    private async Task CallRelayAsync(Task call, CancellationToken cancellationToken)
    {
        try
        {
            await call.WaitAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            Abort(tellRelay: true);
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, ex);
        }
    }

    /// <summary>A client message (Text/Binary with its bytes) or its close frame (Close with status and description).</summary>
    private sealed record Inbound(byte[]? Message, WebSocketMessageType Type, int CloseStatus, string? CloseDescription);
}
