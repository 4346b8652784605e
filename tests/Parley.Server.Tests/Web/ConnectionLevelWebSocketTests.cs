using System.Net;
using System.Net.Sockets;
using System.Text;
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

    private static async Task<string> HandshakeAsync(Uri baseUri)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, baseUri.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(Handshake), SocketFlags.None);
        var received = new List<byte>();
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!Encoding.ASCII.GetString([.. received]).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.NotEqual(0, n);
            received.AddRange(buffer.AsSpan(0, n));
        }
        return Encoding.ASCII.GetString([.. received]);
    }
}
