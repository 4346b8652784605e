using System.Net;
using Parley.Client.Tests.Support;
using Parley.Testing;

namespace Parley.Client.Tests.Cluster;

/// <summary>
/// Issue 11 scope 4, "reconnect resumes the session when it is still valid", when the reconnect lands on another node
/// than the one holding the session (a load balancer, or the client's next URL): the C# SDK resumes — same session, same
/// stay, nothing missed — through the node it reached, which relays the connection to the session's node
/// (docs/protocol.md §13, docs/cluster.md).
/// </summary>
public sealed class ResumeThroughAnotherNodeTests
{
    [Fact]
    public async Task A_client_cut_off_from_its_node_resumes_through_the_other_node_and_keeps_its_stay()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("resume_across");
        var settings = ClusterNode.Settings(database, "postgres", "resume-across");
        try
        {
            await using var nodeA = await ParleyTestServer.StartAsync(settings: settings);
            await using var nodeB = await ParleyTestServer.StartAsync(settings: settings);
            await ClusterNode.WaitForSilosAsync(database, "resume-across", ClusterNode.Active, 2);

            // Alice reaches node A through a path the test can cut (her network); node B is her second URL.
            var path = new TcpCutRelay(new IPEndPoint(IPAddress.Loopback, nodeA.WebSocketUri.Port));
            var viaPath = new Uri($"ws://127.0.0.1:{path.BaseUri.Port}/ws");
            await using var alice = TestClients.Create(viaPath, o => o.FallbackServerUris.Add(nodeB.WebSocketUri));
            var reconnected = new EventRecorder<ReconnectedEventArgs>();
            alice.Reconnected += reconnected.Handler;
            var login = await alice.LoginAsync(nodeA.DefaultApp.SdkAppId, "across_alice", nodeA.UserSig("across_alice"));
            await alice.JoinRoomAsync(5150);

            await using var bob = TestClients.Create(nodeB.WebSocketUri);
            await bob.LoginAsync(nodeB.DefaultApp.SdkAppId, "across_bob", nodeB.UserSig("across_bob"));
            await bob.JoinRoomAsync(5150);
            var bobHears = new EventRecorder<RoomMessageEventArgs>();
            bob.RoomMessageReceived += bobHears.Handler;
            var aliceHears = new EventRecorder<RoomMessageEventArgs>();
            alice.RoomMessageReceived += aliceHears.Handler;

            // Her path to node A dies for good (the node itself lives on); a message is sent to her meanwhile.
            path.CutAll();
            await path.DisposeAsync();
            await bob.SendRoomMessageAsync("sent while you were away");

            var back = await reconnected.NextAsync(TimeSpan.FromSeconds(60));
            Assert.True(back.Resumed);
            Assert.Equal(nodeB.WebSocketUri, alice.CurrentServerUri);
            Assert.Equal(login.SessionId, back.Login.SessionId);
            Assert.Equal("sent while you were away", (await aliceHears.NextAsync(TimeSpan.FromSeconds(15))).Data);

            await alice.SendRoomMessageAsync("back, through node B");
            Assert.Equal("back, through node B", (await bobHears.NextAsync(TimeSpan.FromSeconds(15))).Data);
            Assert.Equal(2, (await bob.ListMembersAsync()).Members.Count);
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }
}
