using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Server.Tests.Security;

// Issue 10 point 4: grain activations flooded the log from framework categories; failed admin-token attempts were
// logged one line each with no limit.
public sealed class LogFloodTests(ITestOutputHelper output)
{
    private const int AdminUnauthorizedEvent = 1008;
    private const int AdminUnauthorizedSuppressedEvent = 1009;

    [Fact]
    public async Task A_burst_of_refused_admin_requests_logs_one_line_then_one_summary_per_minute()
    {
        var log = new CapturedLog();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ParleyTestServer.StartAsync(builder => builder.Logging.AddProvider(log), time: time);
        using var client = server.CreateClient();

        for (var i = 0; i < 50; i++)
        {
            using var response = await client.GetAsync(new Uri("/api/apps", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Single(log.Entries, e => e.EventId == AdminUnauthorizedEvent);
        Assert.DoesNotContain(log.Entries, e => e.EventId == AdminUnauthorizedSuppressedEvent);

        time.Advance(TimeSpan.FromSeconds(61));
        using (await client.GetAsync(new Uri("/api/apps", UriKind.Relative)))
        {
        }

        var summary = Assert.Single(log.Entries, e => e.EventId == AdminUnauthorizedSuppressedEvent);
        Assert.Equal(LogLevel.Warning, summary.Level);
        Assert.Contains("49 more", summary.Message, StringComparison.Ordinal);
        Assert.Equal(2, log.Entries.Count(e => e.EventId == AdminUnauthorizedEvent));
    }

    [Fact]
    public async Task Logging_in_and_joining_many_rooms_logs_nothing_per_grain_with_the_shipped_settings()
    {
        // The review counted 7,610 Information lines from the Polly category for ~3,800 rooms.
        await using var server = await ServerProcess.StartAsync(dev: true);
        var linesAtStart = server.OutputLines.Count;
        using var http = server.CreateClient();

        for (var i = 0; i < 30; i++)
        {
            var identifier = $"flood_{i}";
            var sig = await http.GetFromJsonAsync<JsonElement>(new Uri($"/dev/usersig?identifier={identifier}", UriKind.Relative));
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(server.WebSocketUri, CancellationToken.None);
            await RequestAsync(socket, 1, "login", $"{{\"sdkAppId\":{sig.GetProperty("sdkAppId").GetInt64()},\"identifier\":\"{identifier}\",\"userSig\":\"{sig.GetProperty("userSig").GetString()}\",\"platform\":\"web\"}}");
            await RequestAsync(socket, 2, "joinRoom", $"{{\"roomId\":{5000 + i}}}");
            await RequestAsync(socket, 3, "logout", "{}");
        }

        var lines = server.OutputLines.Skip(linesAtStart).ToList();
        output.WriteLine($"{lines.Count} lines for 30 logins and 30 new rooms:\n{string.Join('\n', lines)}");
        Assert.DoesNotContain(lines, l => l.Contains("Polly", StringComparison.Ordinal));
        Assert.True(lines.Count < 30, $"{lines.Count} lines"); // nothing per login, room or grain activation
    }

    private static async Task RequestAsync(ClientWebSocket socket, int id, string method, string paramsJson)
    {
        var frame = Encoding.UTF8.GetBytes($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{paramsJson}}}");
        await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            using var message = JsonDocument.Parse(buffer.AsMemory(0, received.Count));
            if (message.RootElement.TryGetProperty("id", out var responseId) && responseId.GetInt32() == id)
            {
                Assert.False(message.RootElement.TryGetProperty("error", out var error), error.ToString());
                return;
            }
        }
    }
}
