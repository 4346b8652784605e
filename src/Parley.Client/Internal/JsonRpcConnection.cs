using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Errors;
using Parley.Protocol.Messages;

namespace Parley.Client.Internal;

/// <summary>
/// One WebSocket to the signaling endpoint speaking JSON-RPC 2.0: thread-safe sends, one receive loop, a map of
/// pending requests keyed by id. It knows nothing of sessions; <see cref="ParleyClient"/> replaces it on reconnect.
/// </summary>
internal sealed class JsonRpcConnection : IAsyncDisposable
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    private readonly ClientWebSocket _socket;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxMessageBytes;
    private readonly Action<string, JsonElement> _onNotification;
    private readonly ConcurrentDictionary<long, PendingRequest> _pending = new();
    private readonly TaskCompletionSource<ConnectionClosure> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    // Owned by the send path: only touched while _sendLock is held, reused for every outgoing frame.
    private readonly ArrayBufferWriter<byte> _sendBuffer = new(1024);
    private readonly Utf8JsonWriter _sendWriter;
    private Task _receiveLoop = Task.CompletedTask;
    private long _nextId;
    private long _lastReceivedTimestamp;
    private long _malformedFrames;
    private volatile ConnectionClosure? _localClosure;

    private JsonRpcConnection(ClientWebSocket socket, TimeProvider time, ILogger logger, int maxMessageBytes, Action<string, JsonElement> onNotification)
    {
        _socket = socket;
        _time = time;
        _logger = logger;
        _maxMessageBytes = maxMessageBytes;
        _onNotification = onNotification;
        _sendWriter = new Utf8JsonWriter(_sendBuffer);
        _lastReceivedTimestamp = time.GetTimestamp();
    }

    /// <summary>Completes once the socket is closed or broken, after every pending request has failed.</summary>
    public Task<ConnectionClosure> Completion => _closed.Task;

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last complete frame from the server.</summary>
    public long LastReceivedTimestamp => Volatile.Read(ref _lastReceivedTimestamp);

    /// <summary>Frames dropped because they were not JSON-RPC we understand.</summary>
    public long MalformedFrames => Interlocked.Read(ref _malformedFrames);

    /// <summary>Opens the socket and starts the receive loop. Connection failures surface as <see cref="ParleyException"/>.</summary>
    public static async Task<JsonRpcConnection> ConnectAsync(
        Uri uri,
        ParleyClientOptions options,
        TimeProvider time,
        ILogger logger,
        Action<string, JsonElement> onNotification,
        CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        // Heartbeats are ours (JSON-RPC ping); the WebSocket keep-alive would only add traffic.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        options.ConfigureWebSocket?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(uri, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new ParleyException(ErrorCodes.Timeout, $"Connecting to {uri} timed out.");
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException)
        {
            socket.Dispose();
            throw new ParleyException(ErrorCodes.ConnectionClosed, $"Could not connect to {uri}: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new JsonRpcConnection(socket, time, logger, options.MaxMessageBytes, onNotification);
        connection._receiveLoop = Task.Run(connection.ReceiveLoopAsync, CancellationToken.None);
        return connection;
    }

    /// <summary>
    /// Sends a request and waits for its answer. A server error becomes <see cref="ParleyException"/> with the server's
    /// code; no answer within <paramref name="timeout"/> gives <see cref="ErrorCodes.Timeout"/>; a dropped socket gives
    /// <see cref="ErrorCodes.ConnectionClosed"/>; <paramref name="cancellationToken"/> gives <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<TResult> InvokeAsync<TParams, TResult>(
        string method,
        TParams? parameters,
        JsonTypeInfo<TParams>? parametersType,
        JsonTypeInfo<TResult> resultType,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = Interlocked.Increment(ref _nextId);
        var pending = new PendingRequest<TResult>(resultType, method);
        _pending[id] = pending;
        // The receive loop fails everything pending when it ends; a request added after that must fail itself.
        if (_closed.Task.IsCompleted && _pending.TryRemove(id, out _))
        {
            throw ClosedError(_closed.Task.Result, ErrorCodes.Describe(ErrorCodes.ConnectionClosed));
        }

        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var registration = linked.Token.Register(() =>
        {
            if (_pending.TryRemove(id, out var request))
            {
                request.Fail(cancellationToken.IsCancellationRequested
                    ? new OperationCanceledException(cancellationToken)
                    : new ParleyException(ErrorCodes.Timeout, $"No answer to {method} within {timeout.TotalMilliseconds:0} ms."));
            }
        });

        try
        {
            await SendAsync(id, method, parameters, parametersType, linked.Token, timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The registration above already failed the pending request with the right exception.
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            if (_pending.TryRemove(id, out var request))
            {
                request.Fail(ClosedError(_closed.Task.IsCompleted ? _closed.Task.Result : null, $"Sending {method} failed: the connection is closed.", ex));
            }
        }
        return await pending.Task.ConfigureAwait(false);
    }

    private async Task SendAsync<TParams>(
        long id,
        string method,
        TParams? parameters,
        JsonTypeInfo<TParams>? parametersType,
        CancellationToken waitToken,
        CancellationToken sendToken)
    {
        await _sendLock.WaitAsync(waitToken).ConfigureAwait(false);
        try
        {
            _sendBuffer.ResetWrittenCount();
            _sendWriter.Reset(_sendBuffer);
            _sendWriter.WriteStartObject();
            _sendWriter.WriteString("jsonrpc"u8, "2.0"u8);
            _sendWriter.WriteNumber("id"u8, id);
            _sendWriter.WriteString("method"u8, method);
            _sendWriter.WritePropertyName("params"u8);
            if (parameters is not null && parametersType is not null)
            {
                JsonSerializer.Serialize(_sendWriter, parameters, parametersType);
            }
            else
            {
                _sendWriter.WriteStartObject();
                _sendWriter.WriteEndObject();
            }
            _sendWriter.WriteEndObject();
            _sendWriter.Flush();
            // Only the send timeout may interrupt a frame: cancelling a half-sent frame aborts the whole socket,
            // which a caller's own cancellation must not do.
            await _socket.SendAsync(_sendBuffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, sendToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        // The loop owns this buffer (rented here, returned in finally); it grows by renting a larger one when a
        // message spans more than the buffer, up to _maxMessageBytes.
        var buffer = ArrayPool<byte>.Shared.Rent(8 * 1024);
        var count = 0;
        ConnectionClosure? closure = null;
        try
        {
            while (closure is null)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _maxMessageBytes + 1));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var received = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    closure = new ConnectionClosure((int?)_socket.CloseStatus, _socket.CloseStatusDescription ?? "", _localClosure is not null);
                    await AcknowledgeCloseAsync().ConfigureAwait(false);
                    break;
                }

                count += received.Count;
                if (count > _maxMessageBytes)
                {
                    Log.FrameTooLarge(_logger, _maxMessageBytes);
                    closure = new ConnectionClosure((int)WebSocketCloseStatus.MessageTooBig, "server frame larger than MaxMessageBytes", true);
                    await CloseOutputQuietlyAsync(WebSocketCloseStatus.MessageTooBig, "frame too large").ConfigureAwait(false);
                    break;
                }
                if (!received.EndOfMessage)
                {
                    continue;
                }

                Volatile.Write(ref _lastReceivedTimestamp, _time.GetTimestamp());
                if (received.MessageType == WebSocketMessageType.Text)
                {
                    Dispatch(buffer.AsMemory(0, count));
                }
                else
                {
                    Interlocked.Increment(ref _malformedFrames);
                }
                count = 0;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            closure = _localClosure ?? new ConnectionClosure(null, "connection lost: " + ex.Message, false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            closure ??= _localClosure ?? new ConnectionClosure(null, "connection lost", false);
            FailAllPending(closure);
            _closed.TrySetResult(closure);
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> utf8)
    {
        if (!JsonRpcFrame.TryParse(utf8, out var frame))
        {
            Interlocked.Increment(ref _malformedFrames);
            Log.MalformedFrame(_logger, utf8.Length);
            return;
        }
        using (frame)
        {
            switch (frame.Kind)
            {
                case JsonRpcFrameKind.Notification:
                    try
                    {
                        _onNotification(frame.Method!, frame.Payload);
                    }
                    catch (Exception ex)
                    {
                        // A faulty notification must not end the receive loop and with it the session.
                        Log.NotificationFailed(_logger, frame.Method!, ex);
                    }
                    break;
                case JsonRpcFrameKind.Response when _pending.TryRemove(frame.Id, out var pending):
                    if (frame.IsError)
                    {
                        pending.Fail(JsonRpcFrame.ToException(frame.Payload));
                    }
                    else
                    {
                        pending.Complete(frame.Payload);
                    }
                    break;
                case JsonRpcFrameKind.Response:
                    // An answer after its request timed out: nobody waits for it any more.
                    Log.LateResponse(_logger, frame.Id);
                    break;
                default:
                    var error = JsonRpcFrame.ToException(frame.Payload);
                    Log.OrphanError(_logger, error.Code, error.Message);
                    break;
            }
        }
    }

    private void FailAllPending(ConnectionClosure closure)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var request))
            {
                request.Fail(ClosedError(closure, ErrorCodes.Describe(ErrorCodes.ConnectionClosed)));
            }
        }
    }

    /// <summary>
    /// What a request fails with when the connection is gone: 90012, or 90046 when the server closed with 4029 (it refused
    /// the connection itself: too many from this address, docs/limits.md).
    /// </summary>
    private static ParleyException ClosedError(ConnectionClosure? closure, string message, Exception? inner = null) =>
        closure?.CloseCode == CloseCodes.TooManyConnections
            ? new ParleyException(ErrorCodes.ConnectionsLimitedPerAddress, closure.Reason.Length > 0 ? closure.Reason : ErrorCodes.Describe(ErrorCodes.ConnectionsLimitedPerAddress), inner)
            : new ParleyException(ErrorCodes.ConnectionClosed, message, inner);

    private async Task AcknowledgeCloseAsync()
    {
        if (_socket.State == WebSocketState.CloseReceived)
        {
            await CloseOutputQuietlyAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "").ConfigureAwait(false);
        }
    }

    private async Task CloseOutputQuietlyAsync(WebSocketCloseStatus status, string description)
    {
        try
        {
            using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
            await _socket.CloseOutputAsync(status, description, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            _socket.Abort();
        }
    }

    /// <summary>Closes with a close frame and waits (briefly) for the server's; aborts when the server does not answer.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        _localClosure ??= new ConnectionClosure((int)status, description, true);
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await CloseOutputQuietlyAsync(status, description).ConfigureAwait(false);
        }
        try
        {
            await _receiveLoop.WaitAsync(CloseHandshakeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _socket.Abort();
            await _receiveLoop.ConfigureAwait(false);
        }
    }

    /// <summary>Drops the connection at once without a close handshake; <paramref name="reason"/> becomes the closure's.</summary>
    public void Abort(string reason)
    {
        _localClosure ??= new ConnectionClosure(null, reason, true);
        _socket.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        Abort("disposed");
        await _receiveLoop.ConfigureAwait(false);
        _socket.Dispose();
        _sendWriter.Dispose();
        _sendLock.Dispose();
    }
}
