using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Parley.Testing;

namespace Parley.Server.Tests.RestApi;

/// <summary>Envelope assertions for the vendor REST API, and a raw signaling session for what the REST calls do to users.</summary>
internal static class VendorRest
{
    public static Task<JsonElement> CallAsync(ParleyTestServer server, string command, string body) => server.CallRestApiAsync(command, body);

    public static int Code(JsonElement envelope) => envelope.GetProperty("ErrorCode").GetInt32();

    /// <summary>A <c>MsgBody</c> of one text element (product-rules §6).</summary>
    public static string Text(string text) => "[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"" + text + "\"}}]";

    public static void AssertOk(JsonElement envelope)
    {
        Assert.True(envelope.GetProperty("ActionStatus").GetString() == "OK", envelope.ToString());
        Assert.Equal(0, envelope.GetProperty("ErrorCode").GetInt32());
        Assert.Equal("", envelope.GetProperty("ErrorInfo").GetString());
    }

    /// <summary>A WebSocket logged in as <paramref name="identifier"/> of the default app (the login answer consumed).</summary>
    public static async Task<ClientWebSocket> LoginAsync(ParleyTestServer server, string identifier, string platform = "web")
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WebSocketUri, CancellationToken.None);
        var login = JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, method = "login", @params = new { sdkAppId = server.DefaultApp.SdkAppId, identifier, userSig = server.UserSig(identifier), platform } });
        await socket.SendAsync(Encoding.UTF8.GetBytes(login), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        Assert.Contains("\"result\"", await ReceiveAsync(socket, TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        return socket;
    }

    /// <summary>The next whole message; throws <see cref="OperationCanceledException"/> when none comes in <paramref name="timeout"/>.</summary>
    public static async Task<string> ReceiveAsync(ClientWebSocket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cts.Token);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }

    /// <summary>The params of the next <paramref name="count"/> notifications named <paramref name="method"/> (others skipped).</summary>
    public static async Task<List<JsonElement>> ReceiveEventsAsync(ClientWebSocket socket, string method, int count)
    {
        var events = new List<JsonElement>();
        while (events.Count < count)
        {
            using var document = JsonDocument.Parse(await ReceiveAsync(socket, TimeSpan.FromSeconds(10)));
            if (document.RootElement.TryGetProperty("method", out var name) && name.GetString() == method)
            {
                events.Add(document.RootElement.GetProperty("params").Clone());
            }
        }

        return events;
    }

    /// <summary>Whether a notification named <paramref name="method"/> arrives within <paramref name="wait"/>.</summary>
    public static async Task<bool> AnotherEventArrivesAsync(ClientWebSocket socket, string method, TimeSpan wait)
    {
        try
        {
            while (true)
            {
                using var document = JsonDocument.Parse(await ReceiveAsync(socket, wait));
                if (document.RootElement.TryGetProperty("method", out var name) && name.GetString() == method)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Sends a JSON-RPC request on a raw session and answers its <c>result</c> (fails the test on an error answer).</summary>
    public static async Task<JsonElement> RequestAsync(ClientWebSocket socket, string method, string parameters)
    {
        var answer = await AnswerAsync(socket, method, parameters);
        Assert.True(answer.TryGetProperty("result", out var result), answer.ToString());
        return result;
    }

    /// <summary>Sends a JSON-RPC request on a raw session that must fail; answers its <c>error.code</c>.</summary>
    public static async Task<int> RequestErrorAsync(ClientWebSocket socket, string method, string parameters)
    {
        var answer = await AnswerAsync(socket, method, parameters);
        Assert.True(answer.TryGetProperty("error", out var error), answer.ToString());
        return error.GetProperty("code").GetInt32();
    }

    /// <summary>The answer to the request (notifications before it are skipped).</summary>
    private static async Task<JsonElement> AnswerAsync(ClientWebSocket socket, string method, string parameters)
    {
        var id = Random.Shared.Next(1_000, int.MaxValue);
        var request = $$"""{"jsonrpc":"2.0","id":{{id}},"method":"{{method}}","params":{{parameters}}}""";
        await socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        while (true)
        {
            using var document = JsonDocument.Parse(await ReceiveAsync(socket, TimeSpan.FromSeconds(10)));
            if (document.RootElement.TryGetProperty("id", out var answerId) && answerId.ValueKind == JsonValueKind.Number && answerId.GetInt32() == id)
            {
                return document.RootElement.Clone();
            }
        }
    }
}
