using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Parley.Signaling.Tests.Infrastructure;

/// <summary>
/// A raw JSON-RPC-over-WebSocket client for tests (deliberately not the SDK): sends frames as given and records every
/// message the server sends, so tests can wait for responses, events, or the close code.
/// </summary>
public sealed class TestClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);

    private readonly ClientWebSocket _socket;
    private readonly List<JsonElement> _inbox = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _reader;
    private int _nextId;

    private TestClient(ClientWebSocket socket)
    {
        _socket = socket;
        _reader = ReadLoopAsync();
    }

    /// <summary>The login result when logged in through <see cref="SignalingTestHost.LoginAsync"/>.</summary>
    public JsonElement LoginResult { get; set; }

    /// <summary>Close status the server sent, once the socket closed.</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<TestClient> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(uri, CancellationToken.None);
        return new TestClient(socket);
    }

    /// <summary>Sends a request and returns its response (result or error).</summary>
    public async Task<JsonElement> CallAsync(string method, object? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var frame = parameters is null
            ? JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method })
            : JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method, @params = parameters });
        await SendTextAsync(frame);
        return await WaitForAsync(m => m.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.Number && i.GetInt32() == id);
    }

    /// <summary>Sends a close frame with <paramref name="status"/> and waits (briefly) for the server's answer.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        await _socket.CloseOutputAsync(status, description, CancellationToken.None);
        await Closed.Task.WaitAsync(DefaultWait);
    }

    /// <summary>Cuts the connection without a close frame, as a network change does.</summary>
    public void Abort() => _socket.Abort();

    public Task SendTextAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public async Task SendAsync(byte[] bytes, WebSocketMessageType type)
    {
        await _socket.SendAsync(bytes, type, endOfMessage: true, CancellationToken.None);
    }

    /// <summary>Waits for the next notification named <paramref name="method"/> and consumes it.</summary>
    public Task<JsonElement> NextEventAsync(string method, TimeSpan? timeout = null) =>
        WaitForAsync(m => !m.TryGetProperty("id", out _) && m.GetProperty("method").GetString() == method, timeout);

    /// <summary>Waits for (and consumes) the first message matching <paramref name="match"/>, received earlier or later.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultWait);
        while (true)
        {
            lock (_inbox)
            {
                var index = _inbox.FindIndex(m => match(m));
                if (index >= 0)
                {
                    var found = _inbox[index];
                    _inbox.RemoveAt(index);
                    return found;
                }
                if (Closed.Task.IsCompleted)
                {
                    throw new InvalidOperationException($"The socket closed ({CloseStatus}) before the expected message arrived.");
                }
            }
            try
            {
                await _arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The expected message did not arrive. Inbox: " + string.Join(" | ", Snapshot()));
            }
        }
    }

    /// <summary>True when a message matching <paramref name="match"/> is already in the inbox (not consumed).</summary>
    public bool HasReceived(Func<JsonElement, bool> match)
    {
        lock (_inbox)
        {
            return _inbox.Exists(m => match(m));
        }
    }

    /// <summary>Waits until the server closes the socket and returns the close code.</summary>
    public async Task<int> WaitClosedAsync(TimeSpan? timeout = null)
    {
        await Closed.Task.WaitAsync(timeout ?? DefaultWait);
        return (int?)CloseStatus ?? 0;
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_inbox)
        {
            return _inbox.Select(m => m.GetRawText()).ToArray();
        }
    }

    private async Task ReadLoopAsync()
    {
        // Small on purpose: the memory test measures server and clients together, so the client must stay lean.
        var buffer = new byte[512];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = result.CloseStatus;
                    // Complete the close handshake like a well-behaved client.
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    break;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }
                using var document = JsonDocument.Parse(message.ToArray());
                message = new MemoryStream();
                lock (_inbox)
                {
                    _inbox.Add(document.RootElement.Clone());
                }
                _arrived.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
        {
            CloseStatus ??= _socket.CloseStatus;
        }
        finally
        {
            lock (_inbox)
            {
                Closed.TrySetResult();
            }
            _arrived.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
            }
            await _reader.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is WebSocketException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            _socket.Abort();
        }
        _socket.Dispose();
        _arrived.Dispose();
    }
}
