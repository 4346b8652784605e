using Parley.Client.Tests.Support;
using Parley.Testing;

namespace Parley.Client.Tests.Cluster;

/// <summary>
/// A node of a cluster that shuts down (a drain, an upgrade) tells its sessions with close 1001; a client that knows the
/// other nodes (<see cref="ParleyClientOptions.FallbackServerUris"/>) moves to the next one and re-joins its room there.
/// </summary>
public sealed class NodeShutdownTests
{
    [Fact]
    public async Task When_a_node_shuts_down_its_clients_move_to_another_node_and_rejoin_their_room()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("drain");
        var settings = ClusterNode.Settings(database, "postgres", "drain");
        try
        {
            var nodeA = await ParleyTestServer.StartAsync(settings: settings);
            await using var nodeB = await ParleyTestServer.StartAsync(settings: settings);
            await using var client = TestClients.Create(nodeA.WebSocketUri, o => o.FallbackServerUris.Add(nodeB.WebSocketUri));
            var reconnected = new EventRecorder<ReconnectedEventArgs>();
            client.Reconnected += reconnected.Handler;
            await client.LoginAsync(nodeA.DefaultApp.SdkAppId, "drain_dave", nodeA.UserSig("drain_dave"));
            await client.JoinRoomAsync(7777);

            await nodeA.DisposeAsync(); // graceful: serverShuttingDown, then close 1001

            var back = await reconnected.NextAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(nodeB.WebSocketUri, client.CurrentServerUri);
            Assert.Equal(7777, back.Room?.RoomId);
            Assert.True(client.IsLoggedIn);
            Assert.Contains((await client.ListMembersAsync()).Members, m => m.Identifier == "drain_dave");
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }
}
