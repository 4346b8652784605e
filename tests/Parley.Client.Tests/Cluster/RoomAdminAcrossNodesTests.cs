using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Parley.Client.Media;
using Parley.Client.Media.Rooms;
using Parley.Client.Tests.Media;
using Parley.Client.Tests.Support;
using Parley.Testing;

namespace Parley.Client.Tests.Cluster;

/// <summary>
/// The admin API's room actions in a two-node cluster (PostgreSQL membership): an operator talking to node A dismisses a
/// room and mutes a track of members whose sessions are on node B. Members hear it through their user grains and session
/// observers; the mute reaches the producer on whichever node holds the room's media, through the room's media grain.
/// </summary>
public sealed class RoomAdminAcrossNodesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-admin-nodes-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task An_operator_on_one_node_mutes_and_dismisses_a_room_whose_members_are_on_the_other()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("admin_nodes");
        var settings = ClusterNode.Settings(database, "postgres", "admin-nodes");
        string clip = Path.Combine(_directory, "clip.ivf");
        File.WriteAllBytes(clip, MediaFileFactory.Ivf([3000, 700, 1500, 700, 2500, 700]).ToArray());
        var nodes = new List<ParleyTestServer>();
        try
        {
            nodes.Add(await StartNodeAsync(settings));
            nodes.Add(await StartNodeAsync(settings));
            var (operatorNode, memberNode) = (nodes[0], nodes[1]);
            long app = memberNode.DefaultApp.SdkAppId;
            long room = Random.Shared.Next(100_000, 9_000_000);

            await using var publisher = TestClients.Create(memberNode.WebSocketUri);
            await publisher.LoginAsync(app, "an_pub", memberNode.UserSig("an_pub"));
            await publisher.JoinRoomAsync(room);
            await using var subscriber = TestClients.Create(memberNode.WebSocketUri);
            int frames = 0;
            subscriber.RemoteTrackAdded += (_, e) => e.Track.FrameReceived += (_, _) => Interlocked.Increment(ref frames);
            await subscriber.LoginAsync(app, "an_sub", memberNode.UserSig("an_sub"));
            await subscriber.JoinRoomAsync(room);
            var exits = new[] { publisher, subscriber }.Select(c =>
            {
                var recorder = new EventRecorder<RoomExitedEventArgs>();
                c.RoomExited += recorder.Handler;
                return recorder;
            }).ToArray();
            var mutes = new EventRecorder<TrackAdminMutedEventArgs>();
            publisher.TrackAdminMuted += mutes.Handler;
            await publisher.PublishAsync(new IvfFileTrack(clip, MediaSource.Camera, loop: true));
            await WaitForAsync(() => Volatile.Read(ref frames) >= 10, "frames before the mute");

            using var admin = operatorNode.CreateAdminClient();
            using (var muted = await admin.PostAsJsonAsync($"api/apps/{app}/rooms/{room}/members/an_pub/mute", new { source = "camera", muted = true }))
            {
                Assert.Equal(HttpStatusCode.NoContent, muted.StatusCode);
            }

            Assert.True((await mutes.NextAsync(TimeSpan.FromSeconds(15))).AdminMuted);
            await Task.Delay(500);
            int before = Volatile.Read(ref frames);
            await Task.Delay(1500);
            Assert.Equal(before, Volatile.Read(ref frames));

            using (var dismissed = await admin.DeleteAsync(new Uri($"api/apps/{app}/rooms/{room}", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.NoContent, dismissed.StatusCode);
            }

            foreach (var exit in exits)
            {
                var args = await exit.NextAsync(TimeSpan.FromSeconds(15));
                Assert.Equal((room, RoomExitReason.Dismissed), (args.RoomId, args.VendorReason));
            }

            Assert.Null(publisher.CurrentRoomId);
            Assert.Null(subscriber.CurrentRoomId);
            using var otherAdmin = memberNode.CreateAdminClient();
            using var gone = await otherAdmin.GetAsync(new Uri($"api/apps/{app}/rooms/{room}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            await postgres.DropDatabaseAsync(database);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what + " did not happen in 20 s");
            await Task.Delay(50);
        }
    }

    private static Task<ParleyTestServer> StartNodeAsync(Dictionary<string, string?> cluster) =>
        ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>(cluster)
        {
            ["Media:UdpPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Media:AnnouncedAddresses:0"] = IPAddress.Loopback.ToString(),
        });
}
