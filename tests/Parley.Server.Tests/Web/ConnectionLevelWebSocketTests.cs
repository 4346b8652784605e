using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Net.WebSockets;
using Parley.Server.Tests.Limits;
using Parley.Testing;

namespace Parley.Server.Tests.Web;

/// <summary>
/// <c>/ws</c> upgrades are answered before Kestrel's HTTP layer (Signaling:ConnectionLevelWebSockets, docs/benchmarks.md
/// "Memory per idle session"): seen from outside, the 101 comes without Kestrel's <c>Server</c> and <c>Date</c> headers,
/// and everything else on the port is still Kestrel's.
/// </summary>
public sealed class ConnectionLevelWebSocketTests
{
    private const string Handshake = "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    [Fact]
    public async Task A_ws_upgrade_is_answered_at_the_connection_level_with_the_RFC_accept_value()
    {
        await using var server = await ParleyTestServer.StartAsync();

        var head = await HandshakeAsync(server.BaseUri);

        Assert.StartsWith("HTTP/1.1 101 ", head, StringComparison.Ordinal);
        Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", head, StringComparison.Ordinal); // RFC 6455 §1.3
        Assert.DoesNotContain("Server: Kestrel", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turned_off_the_HTTP_endpoint_answers_the_upgrade_as_before()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Signaling:ConnectionLevelWebSockets"] = "false" });

        var head = await HandshakeAsync(server.BaseUri);

        Assert.StartsWith("HTTP/1.1 101 ", head, StringComparison.Ordinal);
        Assert.Contains("Server: Kestrel", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_request_to_ws_is_refused_with_400_and_other_paths_are_still_served()
    {
        await using var server = await ParleyTestServer.StartAsync();
        using var client = server.CreateClient();

        using var ws = await client.GetAsync(new Uri("/ws", UriKind.Relative));
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, ws.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_client_that_never_reads_is_cut_off_and_its_session_ended_while_it_still_holds_the_socket()
    {
        // SlowReaderTests' case on the connection-level path, which owns the TCP connection itself: when the send queue
        // overflows (1008) and the close handshake cannot reach a peer that reads nothing, the session must still end
        // and the connection be cut (else the peer's sends would block forever once the buffers fill).
        await using var server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Signaling:RateLimitPerSecond"] = "10000000",
            ["Signaling:RateLimitBurst"] = "10000000",
            ["Signaling:LoginTimeout"] = "00:05:00",
            ["Signaling:CloseHandshakeTimeout"] = "00:00:01",
        });
        using var http = server.CreateClient();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await StartSessionAsync(socket, server.BaseUri);

        // ~9 MB of pings whose ~19 MB of answers cannot fit in the kernel's socket buffers; never read a byte of them.
        var ping = Encoding.ASCII.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        var frame = new byte[6 + ping.Length];
        frame[0] = 0x81; // FIN + text
        frame[1] = (byte)(0x80 | ping.Length); // masked; an all-zero key (RFC 6455 §5.3 allows any) leaves the payload as is
        ping.CopyTo(frame, 6);
        var burst = new byte[frame.Length * 1000];
        for (int i = 0; i < 1000; i++)
        {
            frame.CopyTo(burst, i * frame.Length);
        }
        var sending = Task.Run(async () =>
        {
            try
            {
                for (int i = 0; i < 200; i++)
                {
                    await socket.SendAsync(burst, SocketFlags.None);
                }
            }
            catch (SocketException)
            {
                // the server aborted the connection: expected once it gives up on us
            }
        });

        var sawSession = false;
        var connected = -1.0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !(sawSession && connected == 0))
        {
            connected = (await MetricsScrape.GetAsync(http)).Value("parley_sessions_connected");
            sawSession |= connected == 1;
            await Task.Delay(50);
        }

        Assert.True(sawSession);
        Assert.Equal(0, connected);
        Assert.True(await sending.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default),
            "the server never cut the connection: the sender is still blocked");
    }

    [Fact]
    public async Task A_resume_takes_over_a_session_whose_old_connection_still_looks_open_and_cuts_that_connection()
    {
        // ResumeTests' takeover on the connection-level path: the old connection (no FIN ever came) must be cut by the
        // server itself, since the session's WebSocket there runs on the connection's own pipes.
        await using var server = await ParleyTestServer.StartAsync();
        await using var old = await RawSignaling.ConnectAsync(server);
        var login = (await old.CallAsync("login", new
        {
            sdkAppId = server.DefaultApp.SdkAppId, identifier = "cl_takeover", userSig = server.UserSig("cl_takeover"), platform = "web", resumable = true,
        })).GetProperty("result");
        await old.CallAsync("joinRoom", new { roomId = 5109 });

        await using var again = await RawSignaling.ConnectAsync(server);
        var resumed = await again.CallAsync("resume", new { sessionId = login.GetProperty("sessionId").GetString(), resumeToken = login.GetProperty("resumeToken").GetString() });

        Assert.Equal(5109, resumed.GetProperty("result").GetProperty("roomId").GetInt64());
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        WebSocketReceiveResult? last = null;
        try
        {
            do
            {
                last = await old.Socket.ReceiveAsync(buffer, timeout.Token); // whatever was queued, then the end
            }
            while (last.MessageType != WebSocketMessageType.Close);
        }
        catch (WebSocketException)
        {
            // cut without a close frame: also the end of the old connection
        }
        Assert.NotEqual(WebSocketState.Open, old.Socket.State);
        Assert.True((await again.CallAsync("ping", new { })).TryGetProperty("result", out _)); // the session lives on the new connection
    }

    private static async Task StartSessionAsync(Socket socket, Uri baseUri) =>
        Assert.StartsWith("HTTP/1.1 101 ", await UpgradeAsync(socket, baseUri), StringComparison.Ordinal);

    private static async Task<string> HandshakeAsync(Uri baseUri)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        return await UpgradeAsync(socket, baseUri);
    }

    /// <summary>Sends <see cref="Handshake"/> and returns the response head, read byte by byte so nothing after it is consumed.</summary>
    private static async Task<string> UpgradeAsync(Socket socket, Uri baseUri)
    {
        await socket.ConnectAsync(IPAddress.Loopback, baseUri.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(Handshake), SocketFlags.None);
        var head = new List<byte>();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!Encoding.ASCII.GetString([.. head]).EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.Equal(1, await socket.ReceiveAsync(one, SocketFlags.None, timeout.Token));
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString([.. head]);
    }
}
