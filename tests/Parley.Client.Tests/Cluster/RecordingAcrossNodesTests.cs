using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Parley.Client.Media.Rooms;
using Parley.Client.Tests.Media;
using Parley.Client.Tests.Support;
using Parley.Testing;

namespace Parley.Client.Tests.Cluster;

/// <summary>
/// A room's recording runs on the node holding the room's media, whichever node the admin call reaches; the listing
/// covers every node, and a file on another node's disk downloads through the node that was asked (docs/recording.md).
/// </summary>
public sealed class RecordingAcrossNodesTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-recording-nodes-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_recording_started_and_stopped_through_another_node_is_written_on_the_media_node_and_downloads_from_either()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("recording_nodes");
        var settings = ClusterNode.Settings(database, "postgres", "recording-nodes");
        int[] mediaPorts = [FreePorts.Next(), FreePorts.Next()];
        var clip = Path.Combine(_directory, "camera.ivf");
        File.WriteAllBytes(clip, RecordingClips.Vp8Ivf(60, keyEvery: 10));
        var nodes = new List<ParleyTestServer>();
        try
        {
            foreach (var port in mediaPorts)
            {
                nodes.Add(await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>(settings)
                {
                    ["Media:UdpPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Media:AnnouncedAddresses:0"] = IPAddress.Loopback.ToString(),
                }));
            }

            await ClusterNode.WaitForSilosAsync(database, "recording-nodes", ClusterNode.Active, 2);
            long room = Random.Shared.Next(100_000, 9_000_000);
            var app = nodes[0].DefaultApp.SdkAppId;
            await using var publisher = TestClients.Create(nodes[0].WebSocketUri);
            await publisher.LoginAsync(app, "pub_" + room, nodes[0].UserSig("pub_" + room));
            await publisher.JoinRoomAsync(room);
            await publisher.PublishAsync(new IvfFileTrack(clip, MediaSource.Camera, loop: true));
            var mediaPort = 0;
            for (var i = 0; i < 100 && mediaPort == 0; i++)
            {
                mediaPort = (await publisher.GetMediaStatsAsync()).SendServerEndPoint?.Port ?? 0;
                await Task.Delay(100);
            }

            var mediaNode = Array.IndexOf(mediaPorts, mediaPort);
            Assert.InRange(mediaNode, 0, 1);
            var otherNode = 1 - mediaNode;
            using var other = nodes[otherNode].CreateAdminClient();
            using var media = nodes[mediaNode].CreateAdminClient();

            // Started through the node that does not hold the room's media: the files are written on the one that does.
            using var started = await other.PostAsync(new Uri($"api/apps/{app}/rooms/{room}/recording", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
            var recordingId = (await started.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("recordingId").GetString()!;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                var live = await other.GetFromJsonAsync<JsonElement>($"api/apps/{app}/recordings/{recordingId}", Json);
                if (live.GetProperty("files").EnumerateArray().Any(file => file.GetProperty("frames").GetInt64() > 30))
                {
                    Assert.Equal("recording", live.GetProperty("state").GetString());
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, "no frames recorded in 30 s: " + live);
                await Task.Delay(200);
            }

            using var stopped = await other.DeleteAsync(new Uri($"api/apps/{app}/rooms/{room}/recording", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
            var final = await stopped.Content.ReadFromJsonAsync<JsonElement>(Json);
            var fileName = $"pub_{room}-camera.webm";
            Assert.Equal(fileName, final.GetProperty("files")[0].GetProperty("fileName").GetString());
            Assert.True(Directory.Exists(Path.Combine(nodes[mediaNode].DataDirectory, "recordings", app.ToString(System.Globalization.CultureInfo.InvariantCulture), recordingId)));
            Assert.False(Directory.Exists(Path.Combine(nodes[otherNode].DataDirectory, "recordings", app.ToString(System.Globalization.CultureInfo.InvariantCulture), recordingId)));

            // Both nodes list it; the other node streams the file from the media node's disk, byte for byte.
            foreach (var client in new[] { other, media })
            {
                var list = await client.GetFromJsonAsync<JsonElement>($"api/apps/{app}/recordings", Json);
                Assert.Contains(list.EnumerateArray(), entry => entry.GetProperty("recordingId").GetString() == recordingId && entry.GetProperty("state").GetString() == "stopped");
            }

            var throughOther = await other.GetByteArrayAsync(new Uri($"api/apps/{app}/recordings/{recordingId}/files/{fileName}", UriKind.Relative));
            var fromMedia = await media.GetByteArrayAsync(new Uri($"api/apps/{app}/recordings/{recordingId}/files/{fileName}", UriKind.Relative));
            Assert.Equal(fromMedia, throughOther);
            var file = WebmFile.Parse(throughOther);
            Assert.Equal("V_VP8", file.CodecId);
            Assert.Equal(final.GetProperty("files")[0].GetProperty("frames").GetInt64(), file.Blocks.Count);
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
}
