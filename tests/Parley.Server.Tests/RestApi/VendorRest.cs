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
}
