using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

/// <summary>
/// The login answer's <c>servers</c> (docs/protocol.md §4.1) are appended to the client's URLs: after the app's, without
/// repeats, ws/wss only, and never in place of one the app gave; a learned one a later answer no longer names is dropped,
/// unless it is in use (docs/cluster.md).
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

        // The next login (a reconnect) names other nodes: new ones are appended, the learned ones it no longer names are
        // dropped (their nodes left), the app's stay where they were even though it does not name them.
        var reconnected = new EventRecorder<ReconnectedEventArgs>();
        client.Reconnected += reconnected.Handler;
        _server.Servers = [_server.WebSocketUri.AbsoluteUri, "ws://node-e.example/ws", "wss://node-d.example/ws"];
        (await _server.NextConnectionAsync()).Abort();
        var second = await _server.NextConnectionAsync();
        await reconnected.NextAsync();

        Assert.Equal([_server.WebSocketUri, fallback, new Uri("wss://node-d.example/ws"), new Uri("ws://node-e.example/ws")], client.ServerUris);
        Assert.Equal(_server.WebSocketUri, client.CurrentServerUri);

        // An answer without servers (no node announces a URL) changes nothing.
        _server.Servers = null;
        second.Abort();
        await _server.NextConnectionAsync();
        await reconnected.NextAsync();
        Assert.Equal(4, client.ServerUris.Count);
    }

    [Fact]
    public async Task Dropping_learned_servers_keeps_the_server_in_use_and_its_index()
    {
        // The scripted server under a second spelling of its URL (a query the server ignores) plays a learned node.
        var deadNode = new Uri("ws://127.0.0.1:9/ws");
        var sameNodeLearned = new Uri(_server.WebSocketUri.AbsoluteUri + "?via=learned");
        await using var client = TestClients.Create(_server.WebSocketUri);
        var reconnected = new EventRecorder<ReconnectedEventArgs>();
        client.Reconnected += reconnected.Handler;
        _server.Servers = [deadNode.AbsoluteUri, sameNodeLearned.AbsoluteUri];
        await client.LoginAsync(TestClients.SdkAppId, "bob", "sig-1");
        Assert.Equal([_server.WebSocketUri, deadNode, sameNodeLearned], client.ServerUris);

        // The node goes away (1001): the client moves to the next URL, the dead node, and on to the learned one (index 2).
        _server.Servers = [sameNodeLearned.AbsoluteUri, "ws://node-f.example/ws"];
        await (await _server.NextConnectionAsync()).CloseAsync(1001, "shutting down");
        await reconnected.NextAsync(TimeSpan.FromSeconds(30));

        // Its answer no longer names the dead node: gone, and the index follows the URL in use (now 1).
        Assert.Equal([_server.WebSocketUri, sameNodeLearned, new Uri("ws://node-f.example/ws")], client.ServerUris);
        Assert.Equal(sameNodeLearned, client.CurrentServerUri);

        // An answer that does not name the URL in use does not drop it either.
        _server.Servers = ["ws://node-f.example/ws"];
        (await _server.NextConnectionAsync()).Abort();
        await reconnected.NextAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([_server.WebSocketUri, sameNodeLearned, new Uri("ws://node-f.example/ws")], client.ServerUris);
        Assert.Equal(sameNodeLearned, client.CurrentServerUri);
    }
}
