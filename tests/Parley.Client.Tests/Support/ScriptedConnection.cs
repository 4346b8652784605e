using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;

namespace Parley.Client.Tests.Support;

/// <summary>The server side of one client socket in <see cref="ScriptedSignalingServer"/>.</summary>
public sealed class ScriptedConnection(int number, WebSocket socket) : IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<ScriptedRequest> _requests = Channel.CreateUnbounded<ScriptedRequest>();

    /// <summary>1 for the first connection the server accepted, 2 for the next, …</summary>
    public int Number { get; } = number;

    public WebSocket Socket { get; } = socket;

    /// <summary>The room the scripted session is in, as the default handlers track it.</summary>
    public long? RoomId { get; set; }

    public string Identifier { get; set; } = "";

    /// <summary>Every request received on this connection, in order.</summary>
    public ChannelReader<ScriptedRequest> Requests => _requests.Reader;

    internal void Record(ScriptedRequest request) => _requests.Writer.TryWrite(request);

    internal void CompleteRequests() => _requests.Writer.TryComplete();

    /// <summary>Waits for the next request of <paramref name="method"/>, skipping others (pings, for instance).</summary>
    public async Task<ScriptedRequest> NextRequestAsync(string method, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var request = await _requests.Reader.ReadAsync(cts.Token);
            if (request.Method == method)
            {
                return request;
            }
        }
    }

    public Task ReplyAsync<T>(long id, T result, JsonTypeInfo<T> type) =>
        SendTextAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{JsonSerializer.Serialize(result, type)}}}");

    public Task ReplyErrorAsync(long id, int code, string message, string? dataJson = null) =>
        SendTextAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":{code},\"message\":{JsonSerializer.Serialize(message, TestJson.Default.String)}"
            + (dataJson is null ? "" : ",\"data\":" + dataJson) + "}}");

    public Task NotifyAsync<T>(string method, T parameters, JsonTypeInfo<T> type) =>
        SendTextAsync($"{{\"jsonrpc\":\"2.0\",\"method\":\"{method}\",\"params\":{JsonSerializer.Serialize(parameters, type)}}}");

    public async Task SendTextAsync(string text)
    {
        await _sendLock.WaitAsync();
        try
        {
            await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends one message split into several WebSocket frames.</summary>
    public async Task SendFragmentedAsync(string text, int parts)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var size = (bytes.Length + parts - 1) / parts;
        await _sendLock.WaitAsync();
        try
        {
            for (var offset = 0; offset < bytes.Length; offset += size)
            {
                var count = Math.Min(size, bytes.Length - offset);
                await Socket.SendAsync(bytes.AsMemory(offset, count), WebSocketMessageType.Text, offset + count >= bytes.Length, CancellationToken.None);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task CloseAsync(int code, string reason)
    {
        try
        {
            await Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The client went first.
        }
    }

    /// <summary>Drops the TCP connection without a close frame, as a crashed server or broken network would.</summary>
    public void Abort() => Socket.Abort();

    public void Dispose() => _sendLock.Dispose();
}
