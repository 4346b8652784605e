using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Parley.Testing;

namespace Parley.Server.Tests.Limits;

/// <summary>
/// A bare signaling WebSocket for limit tests: optionally claiming a client address through <c>X-Forwarded-For</c>
/// (honoured only when the server trusts loopback as a proxy), JSON-RPC calls answered with the whole response.
/// </summary>
internal sealed class RawSignaling : IAsyncDisposable
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(20);
    private int _nextId;

    private RawSignaling(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static async Task<RawSignaling> ConnectAsync(ParleyTestServer server, string? forwardedFor = null)
    {
        var socket = new ClientWebSocket();
        if (forwardedFor is not null)
        {
            socket.Options.SetRequestHeader("X-Forwarded-For", forwardedFor);
        }

        await socket.ConnectAsync(server.WebSocketUri, CancellationToken.None);
        return new RawSignaling(socket);
    }

    /// <summary>Sends a request and returns its response (result or error); notifications in between are skipped.</summary>
    public async Task<JsonElement> CallAsync(string method, object parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var request = JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method, @params = parameters });
        await Socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        while (true)
        {
            using var document = JsonDocument.Parse(await ReceiveAsync());
            if (document.RootElement.TryGetProperty("id", out var answered) && answered.ValueKind == JsonValueKind.Number && answered.GetInt32() == id)
            {
                return document.RootElement.Clone();
            }
        }
    }

    /// <summary>The next whole text message; a close frame instead throws <see cref="WebSocketException"/> naming its code.</summary>
    private async Task<string> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(AnswerTimeout);
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await Socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException($"The server closed the connection with {(int?)result.CloseStatus}: {result.CloseStatusDescription}");
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }

    public Task<JsonElement> LoginAsync(ParleyTestServer server, string identifier) =>
        LoginAsync(server.DefaultApp.SdkAppId, identifier, server.UserSig(identifier));

    public Task<JsonElement> LoginAsync(long sdkAppId, string identifier, string userSig) =>
        CallAsync("login", new { sdkAppId, identifier, userSig, platform = "web" });

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // the server may have gone first
            }
        }

        Socket.Dispose();
    }
}
