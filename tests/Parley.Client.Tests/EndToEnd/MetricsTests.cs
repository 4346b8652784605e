using System.Collections.Concurrent;
using Parley.Client.Media;
using Parley.Client.Media.Rooms;
using Parley.Client.Tests.Media;
using Parley.Client.Tests.Support;
using Parley.Testing;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// <c>/metrics</c> of a real server while two C# clients exchange media in a room: the counters of the tracks that
/// flowed are non-zero, the gauges see the sessions and the room, and Prometheus' own checker accepts the text.
/// </summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "parley-metrics-" + Guid.NewGuid().ToString("N"));
    private ParleyTestServer _server = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Media:UdpPort"] = "0",
            ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Two_publishers_in_a_room_show_in_the_media_counters_and_the_session_and_room_gauges()
    {
        long room = Random.Shared.Next(100_000, 9_000_000);
        using var http = _server.CreateClient(); // no admin token: the endpoint is open by default
        var before = await MetricsScrape.GetAsync(http);
        Assert.Equal(0, before.Value("parley_media_rtp_packets_total"));

        string video = Path.Combine(_directory, "clip.ivf");
        File.WriteAllBytes(video, MediaFileFactory.Ivf(3000, 700, 1500, 700, 2500, 700).ToArray());
        string audio = Path.Combine(_directory, "voice.opus");
        File.WriteAllBytes(audio, MediaFileFactory.OggOpus(250).ToArray());
        var frames = new ConcurrentDictionary<string, int>();

        await using var alice = await JoinAsync("alice_" + room, room, frames);
        await using var bob = await JoinAsync("bob_" + room, room, frames);
        await alice.PublishAsync(new IvfFileTrack(video, MediaSource.Camera, loop: true));
        await alice.PublishAsync(new OggOpusFileTrack(audio, loop: true));
        await bob.PublishAsync(new IvfFileTrack(video, MediaSource.Camera, loop: true));
        await WaitForFramesAsync(frames, "alice_" + room); // bob decodes alice's video …
        await WaitForFramesAsync(frames, "bob_" + room);   // … and alice bob's
        await alice.SendC2CMessageAsync("bob_" + room, MessageElements.Text("seen on /metrics"));

        // RTCP reports go out on the SFU's periodic tick, not with the first frames: on a busy machine the frames can be
        // decoded before the first report has left, so wait for one (bounded) rather than scrape once.
        var scrape = await MetricsScrape.GetAsync(http);
        for (var deadline = DateTime.UtcNow.AddSeconds(15); scrape.Value("parley_media_rtcp_packets_total", ("direction", "out")) == 0 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(100);
            scrape = await MetricsScrape.GetAsync(http);
        }
        Assert.StartsWith("text/plain; version=0.0.4", scrape.ContentType, StringComparison.Ordinal);

        // Packets and bytes of the tracks that flowed, both ways through the SFU.
        Assert.True(scrape.Value("parley_media_rtp_packets_total", ("direction", "in")) > 0, "no RTP packets in");
        Assert.True(scrape.Value("parley_media_rtp_packets_total", ("direction", "out")) > 0, "no RTP packets out");
        Assert.True(scrape.Value("parley_media_rtp_bytes_total", ("direction", "in")) > 0, "no RTP bytes in");
        Assert.True(scrape.Value("parley_media_rtp_bytes_total", ("direction", "out")) > 0, "no RTP bytes out");
        Assert.True(scrape.Value("parley_media_rtcp_packets_total", ("direction", "out")) > 0, "no RTCP out");
        Assert.True(scrape.Value("parley_media_datagrams_received_total") > 0);
        Assert.Equal(0, scrape.Value("parley_media_srtp_failures_total", ("reason", "auth")));

        // What is happening now on this node.
        Assert.Equal(2, scrape.Value("parley_media_tracks_published", ("kind", "video")));
        Assert.Equal(1, scrape.Value("parley_media_tracks_published", ("kind", "audio")));
        Assert.Equal(1, scrape.Value("parley_media_rooms"));
        Assert.Equal(2, scrape.Value("parley_media_participants"));
        Assert.Equal(4, scrape.Value("parley_media_transports_connected")); // a send and a recv transport each
        Assert.Equal(2, scrape.Value("parley_sessions_connected"));
        Assert.Equal(2, scrape.Value("parley_sessions_logged_in"));
        Assert.Equal(1, scrape.Value("parley_rooms"));
        Assert.Equal(2, scrape.Value("parley_room_members"));
        // Message counters are process-wide (a static meter): other tests' servers in this process may add to them.
        Assert.True(scrape.Value("parley_messages_sent_total", ("kind", "c2c")) >= before.Value("parley_messages_sent_total", ("kind", "c2c")) + 1);

        // Series that exist before their first event, grain activations, the process.
        Assert.True(scrape.Has("parley_media_nacks_received_total"));
        Assert.True(scrape.Has("parley_callbacks_total"));
        Assert.True(scrape.Value("orleans_catalog_activations") > 0, "no grain activations reported");
        Assert.True(scrape.Has("process_cpu_seconds_total"));

        var (exitCode, output) = await Promtool.CheckMetricsAsync(scrape.Text);
        Assert.True(exitCode == 0, $"promtool check metrics: {output}");
    }

    [Fact]
    public async Task Counters_never_go_down_when_the_transports_that_carried_the_packets_close()
    {
        // The port folds a closing transport's counts into its totals: Prometheus counters must not decrease.
        long room = Random.Shared.Next(100_000, 9_000_000);
        using var http = _server.CreateClient();
        string video = Path.Combine(_directory, "leave.ivf");
        File.WriteAllBytes(video, MediaFileFactory.Ivf(3000, 700, 1500, 700).ToArray());
        var frames = new ConcurrentDictionary<string, int>();
        await using var watcher = await JoinAsync("watcher_" + room, room, frames);
        MetricsScrape during;
        await using (var publisher = await JoinAsync("leaver_" + room, room, frames))
        {
            await publisher.PublishAsync(new IvfFileTrack(video, MediaSource.Camera, loop: true));
            await WaitForFramesAsync(frames, "leaver_" + room);
            during = await MetricsScrape.GetAsync(http);
            await publisher.ExitRoomAsync();
        }

        MetricsScrape after;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(100);
            after = await MetricsScrape.GetAsync(http);
        }
        while (after.Value("parley_media_transports") > 1 && DateTime.UtcNow < deadline); // the leaver's transports closed

        Assert.Equal(0, after.Value("parley_media_tracks_published"));
        foreach (var direction in new[] { "in", "out" })
        {
            Assert.True(after.Value("parley_media_rtp_packets_total", ("direction", direction)) >= during.Value("parley_media_rtp_packets_total", ("direction", direction)));
            Assert.True(after.Value("parley_media_rtp_bytes_total", ("direction", direction)) >= during.Value("parley_media_rtp_bytes_total", ("direction", direction)));
        }
    }

    private async Task<ParleyClient> JoinAsync(string identifier, long room, ConcurrentDictionary<string, int> frames)
    {
        var client = TestClients.Create(_server.WebSocketUri);
        client.RemoteTrackAdded += (_, e) => e.Track.FrameReceived += (_, _) => frames.AddOrUpdate(e.Track.Identifier, 1, (_, n) => n + 1);
        await client.LoginAsync(_server.DefaultApp.SdkAppId, identifier, _server.UserSig(identifier));
        await client.JoinRoomAsync(room);
        return client;
    }

    private static async Task WaitForFramesAsync(ConcurrentDictionary<string, int> frames, string identifier)
    {
        for (int i = 0; i < 750 && frames.GetValueOrDefault(identifier) < 8; i++)
        {
            await Task.Delay(20);
        }

        Assert.True(frames.GetValueOrDefault(identifier) >= 8, $"{frames.GetValueOrDefault(identifier)} frames from {identifier}");
    }
}
