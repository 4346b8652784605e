using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Parley.Client.Tests.Support;
using Parley.Testing;

namespace Parley.Client.Tests.Cluster;

/// <summary>
/// The login answer names the cluster's other nodes (<c>servers</c>, docs/protocol.md §4.1): a client the app gave one
/// URL learns the others and fails over to them when its node goes away (docs/cluster.md).
/// </summary>
public sealed class LearnedServersTests
{
    [Fact]
    public async Task A_client_given_only_node_A_learns_node_B_at_login_and_moves_there_when_A_stops()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("learned");
        var settings = ClusterNode.Settings(database, "postgres", "learned");
        try
        {
            var nodeA = await ParleyTestServer.StartAsync(settings: settings);
            // Node B sets no Cluster:PublicUrl: its URL is derived from Orleans:AdvertisedAddress (127.0.0.1) and its HTTP port.
            await using var nodeB = await ParleyTestServer.StartAsync(settings: settings);
            await WaitForActiveSilosAsync(nodeA, 2);

            await using var client = TestClients.Create(nodeA.WebSocketUri);
            var reconnected = new EventRecorder<ReconnectedEventArgs>();
            client.Reconnected += reconnected.Handler;
            await client.LoginAsync(nodeA.DefaultApp.SdkAppId, "learned_lena", nodeA.UserSig("learned_lena"));

            // The app's URL stays first; node B's was learned from the login answer (node A's own derived URL is the
            // same as the app's, so it is not repeated).
            Assert.Equal([nodeA.WebSocketUri, nodeB.WebSocketUri], client.ServerUris);
            await client.JoinRoomAsync(4242);

            await nodeA.DisposeAsync(); // graceful: serverShuttingDown, then close 1001

            var back = await reconnected.NextAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(nodeB.WebSocketUri, client.CurrentServerUri);
            Assert.Equal(4242, back.Room?.RoomId);
            Assert.True(client.IsLoggedIn);
            Assert.Equal(nodeA.WebSocketUri, client.ServerUris[0]); // a learned URL never replaces the app's
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    private static async Task WaitForActiveSilosAsync(ParleyTestServer node, int count)
    {
        var membership = node.Services.GetRequiredService<IClusterMembershipService>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (membership.CurrentSnapshot.Members.Count(m => m.Value.Status == SiloStatus.Active) < count)
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
