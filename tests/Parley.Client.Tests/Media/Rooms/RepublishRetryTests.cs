using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Parley.Client.Media;
using Parley.Client.Media.Rooms;
using Parley.Client.Tests.Support;
using Parley.Protocol.Errors;
using Parley.Sdp;
using Parley.WebRtc;
using Parley.WebRtc.Negotiation;
using Parley.WebRtc.Transport;

namespace Parley.Client.Tests.Media.Rooms;

/// <summary>
/// After a <c>mediaReset</c> (docs/protocol.md §10.9) the SDK publishes the app's tracks again; when the server refuses
/// that for a while (90028 MediaNodeUnavailable while the cluster places the room's media), the SDK keeps the tracks and
/// retries on its clock with backoff until it works, or until the app unpublishes them. A scripted signaling server plays
/// the SFU with real server transports on loopback, so each successful publish really connects.
/// </summary>
public sealed class RepublishRetryTests : IDisposable
{
    private const long Room = 1234;
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-republish-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_republish_the_server_refuses_is_retried_with_backoff_until_it_succeeds()
    {
        await using var media = StartMediaServer();
        await using var sfu = await ScriptedSfu.StartAsync(media);
        await using var client = TestClients.Create(sfu.Signaling.WebSocketUri);
        var resets = new EventRecorder<MediaResetEventArgs>();
        var republished = new EventRecorder<MediaRepublishedEventArgs>();
        client.MediaReset += resets.Handler;
        client.MediaRepublished += republished.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        await client.JoinRoomAsync(Room);
        var track = new IvfFileTrack(WriteClip(), MediaSource.Camera, loop: true);
        Assert.Equal("p1", (await client.PublishAsync(track)).ProducerId);

        // The room's media moved; the new node refuses the first two publishes (the first attempt and the first retry).
        sfu.RefuseNext(2);
        await sfu.SendMediaResetAsync();

        var reset = await resets.NextAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(MediaResetReasons.MediaNodeLost, reset.Reason);
        Assert.Empty(reset.Producers);
        Assert.Contains(ScriptedSfu.RefusalMessage, reset.RepublishError, StringComparison.Ordinal);
        Assert.True(reset.WillRetry);

        var done = await republished.NextAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Room, done.RoomId);
        Assert.Equal(MediaResetReasons.MediaNodeLost, done.Reason);
        Assert.Equal(3, done.Attempts);
        Assert.Equal("p2", Assert.Single(done.Producers).ProducerId);
        Assert.Equal("p2", track.ProducerId);
        Assert.Same(track, Assert.Single(client.PublishedTracks));
        Assert.False(resets.HasPending); // the success is its own event, not a second reset

        // 1 s, then 2 s between the attempts after the reset (lower bounds only: a loaded machine may be later).
        var times = sfu.PublishTimes.ToArray();
        Assert.Equal(4, times.Length); // the first publish, two refused, the one that worked
        Assert.True(times[2] - times[1] >= TimeSpan.FromSeconds(0.9), $"first retry after {times[2] - times[1]}");
        Assert.True(times[3] - times[2] >= TimeSpan.FromSeconds(1.8), $"second retry after {times[3] - times[2]}");

        // And the track really flows on the new connection.
        for (int i = 0; i < 200 && sfu.RtpPacketsOn(2) == 0; i++)
        {
            await Task.Delay(25);
        }

        Assert.True(sfu.RtpPacketsOn(2) > 0, "no RTP reached the transport of the successful republish");
    }

    [Fact]
    public async Task Unpublishing_a_track_waiting_for_its_republish_stops_the_retries()
    {
        await using var media = StartMediaServer();
        await using var sfu = await ScriptedSfu.StartAsync(media);
        await using var client = TestClients.Create(sfu.Signaling.WebSocketUri);
        var resets = new EventRecorder<MediaResetEventArgs>();
        var republished = new EventRecorder<MediaRepublishedEventArgs>();
        client.MediaReset += resets.Handler;
        client.MediaRepublished += republished.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "bob", "sig");
        await client.JoinRoomAsync(Room);
        var track = new IvfFileTrack(WriteClip(), MediaSource.Camera, loop: true);
        await client.PublishAsync(track);
        sfu.RefuseNext(int.MaxValue);
        await sfu.SendMediaResetAsync();
        Assert.True((await resets.NextAsync(TimeSpan.FromSeconds(15))).WillRetry);

        await client.UnpublishAsync(track); // nothing to tell the server: the producer went with the reset
        int publishes = sfu.PublishTimes.Count;
        await Task.Delay(TimeSpan.FromSeconds(4)); // longer than the first two retries' delays (1 s + 2 s)

        Assert.Equal(publishes, sfu.PublishTimes.Count);
        Assert.Equal(0, sfu.Unpublishes);
        Assert.Null(track.ProducerId);
        Assert.Empty(client.PublishedTracks);
        Assert.False(republished.HasPending);
    }

    [Fact]
    public async Task The_retries_run_on_the_client_s_clock_doubling_up_to_15_seconds_and_stop_when_the_stay_ends()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var media = StartMediaServer();
        await using var sfu = await ScriptedSfu.StartAsync(media, time);
        await using var client = TestClients.Create(sfu.Signaling.WebSocketUri, o => o.TimeProvider = time);
        var resets = new EventRecorder<MediaResetEventArgs>();
        int errors = 0;
        client.MediaReset += resets.Handler;
        client.MediaError += (_, _) => Interlocked.Increment(ref errors);
        await client.LoginAsync(TestClients.SdkAppId, "carol", "sig");
        await client.JoinRoomAsync(Room);
        await client.PublishAsync(new IvfFileTrack(WriteClip(), MediaSource.Camera, loop: true));
        sfu.RefuseNext(int.MaxValue);
        await sfu.SendMediaResetAsync();
        Assert.True((await resets.NextAsync(TimeSpan.FromSeconds(15))).WillRetry);

        // Let the clock run, a quarter second at a time and only while the client waits (its last refusal handled), until
        // the first attempt after the reset has been followed by five retries.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (sfu.PublishClock.Count < 7)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{sfu.PublishClock.Count} publishes");
            if (Volatile.Read(ref errors) >= sfu.PublishClock.Count - 1)
            {
                await Task.Delay(30);
                time.Advance(TimeSpan.FromMilliseconds(250));
            }
            else
            {
                await Task.Delay(10);
            }
        }

        var at = sfu.PublishClock.ToArray();
        double[] expected = [1, 2, 4, 8, 15]; // doubling, capped at 15 s
        for (int i = 0; i < expected.Length; i++)
        {
            var gap = at[i + 2] - at[i + 1];
            Assert.InRange(gap.TotalSeconds, expected[i], expected[i] + 0.9);
        }

        // The stay ends: no retry after it, however long the clock runs.
        await client.ExitRoomAsync();
        int publishes = sfu.PublishClock.Count;
        for (int i = 0; i < 8; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(50);
        }

        Assert.Equal(publishes, sfu.PublishClock.Count);
    }

    [Fact]
    public async Task A_retry_refused_for_a_reason_retrying_cannot_cure_stops_the_retries_and_drops_the_waiting_track()
    {
        await using var media = StartMediaServer();
        await using var sfu = await ScriptedSfu.StartAsync(media);
        await using var client = TestClients.Create(sfu.Signaling.WebSocketUri);
        var resets = new EventRecorder<MediaResetEventArgs>();
        var failures = new EventRecorder<MediaRepublishFailedEventArgs>();
        var republished = new EventRecorder<MediaRepublishedEventArgs>();
        client.MediaReset += resets.Handler;
        client.MediaRepublishFailed += failures.Handler;
        client.MediaRepublished += republished.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "dave", "sig");
        await client.JoinRoomAsync(Room);
        var track = new IvfFileTrack(WriteClip(), MediaSource.Camera, loop: true);
        await client.PublishAsync(track);

        // The new node is not ready at first (transient), then the key in force no longer allows sending video (permanent).
        sfu.RefuseWith(ErrorCodes.MediaNodeUnavailable, ErrorCodes.NoPrivilege);
        await sfu.SendMediaResetAsync();
        var reset = await resets.NextAsync(TimeSpan.FromSeconds(15));
        Assert.True(reset.WillRetry);
        Assert.Equal(ErrorCodes.MediaNodeUnavailable, reset.RepublishErrorCode);

        var failed = await failures.NextAsync(TimeSpan.FromSeconds(30));
        Assert.False(failed.WillRetry);
        Assert.Equal(ErrorCodes.NoPrivilege, failed.ErrorCode);
        Assert.Equal(2, failed.Attempts);
        Assert.Equal(Room, failed.RoomId);
        Assert.Equal(MediaResetReasons.MediaNodeLost, failed.Reason);

        int publishes = sfu.PublishTimes.Count;
        await Task.Delay(TimeSpan.FromSeconds(5)); // longer than the next retries' delays would be (4 s, then 8 s … from 2 s)
        Assert.Equal(publishes, sfu.PublishTimes.Count);
        Assert.False(republished.HasPending);
        Assert.Null(track.ProducerId);
        Assert.Empty(client.PublishedTracks);

        // The track is the app's still: it can publish it itself once it may.
        Assert.Equal("p2", (await client.PublishAsync(track)).ProducerId);
    }

    [Fact]
    public async Task A_first_republish_refused_for_a_reason_retrying_cannot_cure_is_not_retried()
    {
        await using var media = StartMediaServer();
        await using var sfu = await ScriptedSfu.StartAsync(media);
        await using var client = TestClients.Create(sfu.Signaling.WebSocketUri);
        var resets = new EventRecorder<MediaResetEventArgs>();
        client.MediaReset += resets.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "erin", "sig");
        await client.JoinRoomAsync(Room);
        var track = new IvfFileTrack(WriteClip(), MediaSource.Camera, loop: true);
        await client.PublishAsync(track);

        sfu.RefuseWith(ErrorCodes.TrackMutedByAdmin);
        await sfu.SendMediaResetAsync();
        var reset = await resets.NextAsync(TimeSpan.FromSeconds(15));
        Assert.False(reset.WillRetry);
        Assert.Equal(ErrorCodes.TrackMutedByAdmin, reset.RepublishErrorCode);
        Assert.NotNull(reset.RepublishError);

        int publishes = sfu.PublishTimes.Count;
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // past the first retry's 1 s
        Assert.Equal(publishes, sfu.PublishTimes.Count);
        Assert.Null(track.ProducerId);
        Assert.Empty(client.PublishedTracks);
    }

    [Fact]
    public async Task A_publish_answer_s_admin_muted_is_read_as_said_and_a_lock_is_inferred_only_when_it_is_absent()
    {
        await using var media = StartMediaServer();
        await using var sfu = await ScriptedSfu.StartAsync(media);
        await using var client = TestClients.Create(sfu.Signaling.WebSocketUri);
        var locks = new EventRecorder<TrackAdminMutedEventArgs>();
        client.TrackAdminMuted += locks.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "frank", "sig");
        await client.JoinRoomAsync(Room);

        // Answered muted but adminMuted false: whatever paused it, it is no operator's lock.
        sfu.AnswerMuted = true;
        sfu.AnswerAdminMuted = false;
        var first = new IvfFileTrack(WriteClip(), MediaSource.Camera, loop: true);
        Assert.False((await client.PublishAsync(first)).AdminMuted ?? true); // said, and said false
        Assert.False(first.AdminMuted);
        Assert.False(locks.HasPending);
        await client.UnpublishAsync(first);

        // adminMuted absent (an older server): published unmuted, answered muted reads as the operator's lock.
        sfu.AnswerAdminMuted = null;
        var second = new IvfFileTrack(WriteClip(), MediaSource.Camera, loop: true);
        await client.PublishAsync(second);
        Assert.True(second.AdminMuted);
        var locked = await locks.NextAsync(TimeSpan.FromSeconds(5));
        Assert.True(locked.AdminMuted);
    }

    private static WebRtcServer StartMediaServer()
    {
        var options = new MediaOptions { UdpPort = 0 };
        options.AnnouncedAddresses.Add("127.0.0.1");
        return WebRtcServer.Start(options);
    }

    private string WriteClip()
    {
        string path = Path.Combine(_directory, "clip.ivf");
        File.WriteAllBytes(path, MediaFileFactory.Ivf(3000, 700, 700, 700, 700, 700).ToArray());
        return path;
    }

    /// <summary>
    /// The scripted server as a room's media: answers each <c>publish</c> with a real server transport (a new one per client
    /// connection), or refuses it with 90028 while told to; sends <c>mediaReset</c> on demand.
    /// </summary>
    private sealed class ScriptedSfu : IAsyncDisposable
    {
        public const string RefusalMessage = "The node holding this room's media did not answer (scripted).";

        private readonly WebRtcServer _media;
        private readonly ConcurrentDictionary<string, WebRtcTransport> _transports = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<int, long> _rtpPackets = new();
        private ScriptedConnection? _connection;
        private int _refusals;
        private readonly ConcurrentQueue<int> _refusalCodes = new();
        private int _published;
        private int _unpublishes;

        private readonly TimeProvider? _time;

        private ScriptedSfu(WebRtcServer media, ScriptedSignalingServer signaling, TimeProvider? time)
        {
            _media = media;
            _time = time;
            Signaling = signaling;
            signaling.Override = OnRequestAsync;
        }

        public ScriptedSignalingServer Signaling { get; }

        /// <summary>When each <c>publish</c> arrived, refused or not.</summary>
        public ConcurrentQueue<TimeSpan> PublishTimes { get; } = new();

        public int Unpublishes => Volatile.Read(ref _unpublishes);

        private System.Diagnostics.Stopwatch Clock { get; } = System.Diagnostics.Stopwatch.StartNew();

        /// <summary>When each <c>publish</c> arrived on the test's clock (the fake one when given).</summary>
        public ConcurrentQueue<DateTimeOffset> PublishClock { get; } = new();

        public static async Task<ScriptedSfu> StartAsync(WebRtcServer media, TimeProvider? time = null) => new(media, await ScriptedSignalingServer.StartAsync(), time);

        public void RefuseNext(int count) => Volatile.Write(ref _refusals, count);

        /// <summary>The <c>muted</c> of the producers publish answers carry.</summary>
        public bool AnswerMuted { get; set; }

        /// <summary>The <c>adminMuted</c> of the producers publish answers carry; null: absent (an older server).</summary>
        public bool? AnswerAdminMuted { get; set; }

        /// <summary>Refuses the next publishes with these codes, one each, in order (before any <see cref="RefuseNext"/> count).</summary>
        public void RefuseWith(params int[] codes)
        {
            foreach (int code in codes)
            {
                _refusalCodes.Enqueue(code);
            }
        }

        /// <summary>RTP packets received on the transport of the <paramref name="number"/>th successful publish's connection.</summary>
        public long RtpPacketsOn(int number) => _rtpPackets.GetValueOrDefault(number);

        public Task SendMediaResetAsync() =>
            _connection!.NotifyAsync("mediaReset", new MediaResetEventWire(Room, MediaResetReasons.MediaNodeLost), MediaJsonContext.Default.MediaResetEventWire);

        private async Task<bool> OnRequestAsync(ScriptedConnection connection, ScriptedRequest request)
        {
            _connection = connection;
            switch (request.Method)
            {
                case "publish":
                    PublishTimes.Enqueue(Clock.Elapsed);
                    PublishClock.Enqueue((_time ?? TimeProvider.System).GetUtcNow());
                    if (_refusalCodes.TryDequeue(out int code))
                    {
                        await connection.ReplyErrorAsync(request.Id, code, RefusalMessage);
                        return true;
                    }

                    if (Interlocked.Decrement(ref _refusals) >= 0)
                    {
                        await connection.ReplyErrorAsync(request.Id, ErrorCodes.MediaNodeUnavailable, RefusalMessage);
                        return true;
                    }

                    Interlocked.Exchange(ref _refusals, 0);
                    Assert.True(SessionDescription.TryParse(request.Params.GetProperty("sdp").GetString()!, out var offer, out _));
                    Assert.True(SdpTransportInfo.TryFrom(offer!, out var remote, out _));
                    int number = Interlocked.Increment(ref _published);
                    var transport = _transports.GetOrAdd(remote!.IceUfrag, _ =>
                    {
                        var created = _media.CreateTransport(new WebRtcTransportSettings { RemoteUsernameFragment = remote.IceUfrag, RemoteFingerprint = remote.Fingerprint });
                        created.RtpReceived += (_, _) => _rtpPackets.AddOrUpdate(number, 1, (_, n) => n + 1);
                        return created;
                    });
                    Assert.True(MediaSdpPolicy.Default.TryAnswer(offer!, transport, null, out var answer, out var error), error);
                    var producer = new ProducerInfo("p" + number, connection.Identifier, "video", "camera", AnswerMuted, "VP8", 1, AnswerAdminMuted);
                    await connection.ReplyAsync(request.Id, new PublishResultWire(answer!.LocalDescription, [producer]), MediaJsonContext.Default.PublishResultWire);
                    return true;
                case "unpublish":
                    Interlocked.Increment(ref _unpublishes);
                    await connection.ReplyAsync(request.Id, new EmptyResultWire(), MediaJsonContext.Default.EmptyResultWire);
                    return true;
                default:
                    return false;
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var transport in _transports.Values)
            {
                transport.Dispose();
            }

            await Signaling.DisposeAsync();
        }
    }
}
