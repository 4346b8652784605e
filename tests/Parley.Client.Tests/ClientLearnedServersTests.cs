using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

/// <summary>
/// The login answer's <c>servers</c> (docs/protocol.md §4.1) are appended to the client's URLs: after the app's, without
/// repeats, ws/wss only, and never in place of one the app gave (docs/cluster.md).
/// </summary>
public sealed class ClientLearnedServersTests : IAsyncLifetime
{
    private ScriptedSignalingServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedSignalingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_servers_of_each_login_answer_follow_the_app_s_urls_without_repeats()
    {
        var fallback = new Uri("ws://127.0.0.1:9/ws");
        await using var client = TestClients.Create(_server.WebSocketUri, o => o.FallbackServerUris.Add(fallback));
        _server.Servers = [_server.WebSocketUri.AbsoluteUri, "ws://node-b.example:7400/ws", "https://node-c.example/", "not a url",
            "ws://node-b.example:7400/ws", fallback.AbsoluteUri, "wss://node-d.example/ws"];
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig-1");

        Assert.Equal([_server.WebSocketUri, fallback, new Uri("ws://node-b.example:7400/ws"), new Uri("wss://node-d.example/ws")], client.ServerUris);

        // The next login (a reconnect) names other nodes: new ones are appended, the ones known stay where they were.
        var reconnected = new EventRecorder<ReconnectedEventArgs>();
        client.Reconnected += reconnected.Handler;
        _server.Servers = [_server.WebSocketUri.AbsoluteUri, "ws://node-e.example/ws"];
        (await _server.NextConnectionAsync()).Abort();
        await _server.NextConnectionAsync();
        await reconnected.NextAsync();

        Assert.Equal([_server.WebSocketUri, fallback, new Uri("ws://node-b.example:7400/ws"), new Uri("wss://node-d.example/ws"), new Uri("ws://node-e.example/ws")],
            client.ServerUris);
        Assert.Equal(_server.WebSocketUri, client.CurrentServerUri);
    }
}
