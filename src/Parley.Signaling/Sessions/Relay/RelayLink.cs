using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Parley.Signaling.Logging;

namespace Parley.Signaling.Sessions.Relay;

/// <summary>
/// The relaying node's end of a session resumed from here but living on another node (<see cref="ISessionRelayGrain"/>):
/// the client's socket stays here; each of its messages is forwarded, in order, to the session's node, and what the
/// session sends arrives through <see cref="Send"/> and <see cref="Close"/> (this object is the session's
/// <see cref="ISessionRelayObserver"/>). Either side failing ends the link: a client gone is reported to the session as
/// a drop (it suspends again), a node gone cuts the client off (it reconnects and logs in afresh).
/// </summary>
internal sealed class RelayLink : ISessionRelayObserver
{
    // What the session sends, waiting for the client's socket. Bounded: a slow client makes the session's send queue
    // wait (and overflow, as on its own node) instead of this buffer growing.
    private const int OutboundCapacity = 64;

    private readonly WebSocket _client;
    private readonly SignalingOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<Outbound> _outbound = Channel.CreateBounded<Outbound>(
        new BoundedChannelOptions(OutboundCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly TaskCompletionSource _clientReceiveEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ISessionRelayGrain? _node;
    private Guid _relayId;
    // Set when this node stops: the session was told the client dropped, so nothing more of the client's goes there.
    private volatile bool _detached;

    public RelayLink(WebSocket client, SignalingOptions options, ILogger logger)
    {
        _client = client;
        _options = options;
        _logger = logger;
    }

    public string SessionId { get; private set; } = "";

    /// <summary>This link as the session's node sees it (the runtime's reference to this observer).</summary>
    public ISessionRelayObserver? Reference { get; private set; }

    /// <summary>The node that took the session; set before <see cref="RunAsync"/>.</summary>
    public void Attach(ISessionRelayGrain node, Guid relayId, string sessionId, ISessionRelayObserver reference)
    {
        _node = node;
        _relayId = relayId;
        SessionId = sessionId;
        Reference = reference;
    }

    public Task Send(byte[] message) => _outbound.Writer.WriteAsync(new Outbound(message, 0, null)).AsTask();

    public Task Close(int closeStatus, string? closeDescription)
    {
        if (closeStatus == 0)
        {
            _outbound.Writer.TryComplete();
            _client.Abort();
            return Task.CompletedTask;
        }
        return _outbound.Writer.WriteAsync(new Outbound(null, closeStatus, closeDescription)).AsTask();
    }

    /// <summary>This node stops: the session hears of a drop (and waits for a resume elsewhere), the client of a shutdown.</summary>
    public async Task ShutDownAsync(byte[] shuttingDownMessage)
    {
        _detached = true;
        await TellNodeAsync(0, null);
        _outbound.Writer.TryWrite(new Outbound(shuttingDownMessage, 0, null));
        _outbound.Writer.TryWrite(new Outbound(null, (int)WebSocketCloseStatus.EndpointUnavailable, "server shutting down"));
        _outbound.Writer.TryComplete();
    }

    /// <summary>Relays both ways until either side ends.</summary>
    public async Task RunAsync()
    {
        var sending = SendLoopAsync();
        await ReceiveLoopAsync();
        // The client is gone or closed: what the session still sends (its close answer) goes out, boundedly.
        await sending.WaitAsync(_options.CloseHandshakeTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _outbound.Writer.TryComplete();
        _client.Abort();
        await sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (var item in _outbound.Reader.ReadAllAsync())
            {
                if (item.Message is { } message)
                {
                    await _client.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                    continue;
                }
                if (_client.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await _client.CloseOutputAsync((WebSocketCloseStatus)item.CloseStatus, item.CloseDescription, CancellationToken.None);
                }
                // A peer that does not answer our close frame is cut off after the handshake timeout, as on one node.
                await _clientReceiveEnded.Task.WaitAsync(_options.CloseHandshakeTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                _client.Abort();
                return;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            _client.Abort(); // the receive loop notices and tells the session's node
        }
        finally
        {
            _outbound.Writer.TryComplete();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var limit = _options.MaxFrameBytes;
        // Rented for the link's life and returned at its end; holds one client message at a time (at most limit + 1
        // bytes: one over is enough for the session to refuse it as too big, as on its own node).
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        // Where the rest of a message past the limit is read and dropped; made only if a client ever sends one.
        byte[]? overflow = null;
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length && buffer.Length <= limit)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                        buffer.AsSpan(0, count).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                    var room = Math.Min(buffer.Length, limit + 1) - count;
                    // Past the limit, the rest of the message is read and dropped (room 0 would read nothing).
                    result = room > 0
                        ? await _client.ReceiveAsync(buffer.AsMemory(count, room), CancellationToken.None)
                        : await _client.ReceiveAsync((overflow ??= new byte[256]).AsMemory(), CancellationToken.None);
                    if (room > 0)
                    {
                        count += result.Count;
                    }
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _clientReceiveEnded.TrySetResult();
                    if (!_detached)
                    {
                        await TellNodeAsync((int?)_client.CloseStatus ?? (int)WebSocketCloseStatus.Empty, _client.CloseStatusDescription);
                    }
                    return;
                }
                if (_detached)
                {
                    continue; // this node is stopping; the session no longer hears from this client
                }
                if (!await _node!.Forward(_relayId, buffer.AsSpan(0, count).ToArray(), result.MessageType == WebSocketMessageType.Binary))
                {
                    _client.Abort(); // the session ended on its node
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            _clientReceiveEnded.TrySetResult();
            if (!_detached)
            {
                await TellNodeAsync(0, null); // a drop: the session suspends again, waiting for the client's next resume
            }
        }
        catch (Exception ex)
        {
            // The session's node did not answer (it died, or is being declared dead): the client reconnects elsewhere.
            _logger.RelayToNodeFailed(SessionId, ex.GetType().Name);
            _clientReceiveEnded.TrySetResult();
            _client.Abort();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task TellNodeAsync(int closeStatus, string? closeDescription)
    {
        try
        {
            await _node!.End(_relayId, closeStatus, closeDescription);
        }
        catch (Exception ex)
        {
            _logger.RelayToNodeFailed(SessionId, ex.GetType().Name);
        }
    }

    /// <summary>A message for the client, or (Message null) the session's close frame.</summary>
    private sealed record Outbound(byte[]? Message, int CloseStatus, string? CloseDescription);
}
