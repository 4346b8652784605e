using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Parley.Client.Media;
using Parley.Client.Media.Rooms;
using Parley.Client.Tests.Media;
using Parley.Client.Tests.Support;
using Parley.Protocol.Errors;
using Parley.Testing;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// The admin API's room actions (docs/admin-api.md) against a real server with media, seen by C# clients: dismiss a room,
/// remove users, mute a member's track. The clients hear the vendor's exit reasons (0 left, 1 removed, 2 dismissed).
/// </summary>
public sealed class RoomAdminTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-room-admin-").FullName;
    private readonly List<ParleyClient> _clients = [];
    private ParleyTestServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Media:UdpPort"] = "0",
            ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
        });
        _admin = _server.CreateAdminClient();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        _admin.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private long App => _server.DefaultApp.SdkAppId;

    private async Task<ParleyClient> LoginAsync(string identifier)
    {
        var client = TestClients.Create(_server.WebSocketUri);
        _clients.Add(client);
        await client.LoginAsync(App, identifier, _server.UserSig(identifier));
        return client;
    }

    private async Task<ParleyClient> JoinAsync(string identifier, long room)
    {
        var client = await LoginAsync(identifier);
        await client.JoinRoomAsync(room);
        return client;
    }

    private static EventRecorder<TArgs> Record<TArgs>(Action<EventHandler<TArgs>> subscribe)
    {
        var recorder = new EventRecorder<TArgs>();
        subscribe(recorder.Handler);
        return recorder;
    }

    private IvfFileTrack CameraTrack()
    {
        string path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".ivf");
        File.WriteAllBytes(path, MediaFileFactory.Ivf(3000, 700, 1500, 700, 2500, 700).ToArray()); // a key frame every 6 frames
        return new IvfFileTrack(path, MediaSource.Camera, loop: true);
    }

    private async Task<JsonElement> GetRoomAsync(long room) =>
        await _admin.GetFromJsonAsync<JsonElement>($"api/apps/{App}/rooms/{room}", Json);

    private async Task<HttpResponseMessage> MuteAsync(long room, string identifier, string source, bool muted) =>
        await _admin.PostAsJsonAsync($"api/apps/{App}/rooms/{room}/members/{identifier}/mute", new { source, muted }, Json);

    [Fact]
    public async Task Dismissing_a_room_ends_every_member_s_stay_with_reason_dismissed_2_and_the_room_disappears()
    {
        long room = Random.Shared.Next(100_000, 9_000_000);
        var members = new[] { await JoinAsync("dis_a", room), await JoinAsync("dis_b", room), await JoinAsync("dis_c", room) };
        var exits = members.Select(m => Record<RoomExitedEventArgs>(h => m.RoomExited += h)).ToArray();
        var kicks = members.Select(m => Record<KickedOutEventArgs>(h => m.KickedOut += h)).ToArray();
        var track = CameraTrack();
        await members[0].PublishAsync(track);

        using var dismissed = await _admin.DeleteAsync(new Uri($"api/apps/{App}/rooms/{room}", UriKind.Relative));
        using var again = await _admin.DeleteAsync(new Uri($"api/apps/{App}/rooms/{room}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, dismissed.StatusCode);
        for (int i = 0; i < members.Length; i++)
        {
            var exit = await exits[i].NextAsync();
            Assert.Equal((room, "dismissed", RoomExitReason.Dismissed, 2), (exit.RoomId, exit.Reason, exit.VendorReason, (int)exit.VendorReason));
            Assert.Equal(RoomExitReason.Dismissed, (await kicks[i].NextAsync()).VendorReason);
            Assert.Null(members[i].CurrentRoomId);
            Assert.True(members[i].IsLoggedIn); // the session stays, outside any room
        }

        await WaitUntilAsync(() => members[0].PublishedTracks.Count == 0); // the SDK closed its media with the stay
        var rooms = await _admin.GetFromJsonAsync<JsonElement>($"api/apps/{App}/rooms", Json);
        Assert.DoesNotContain(rooms.EnumerateArray(), r => r.GetProperty("roomId").GetInt64() == room);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(ErrorCodes.RoomNotFound, (await again.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("code").GetInt32());

        // The number is free again: the next join creates a new room (R3.6) owned by its creator (R3.4).
        var fresh = await members[1].JoinRoomAsync(room);
        Assert.True(fresh.Created);
        Assert.Equal("dis_b", fresh.Owner);
    }

    [Fact]
    public async Task Leaving_by_oneself_raises_room_exited_with_reason_left_0()
    {
        long room = Random.Shared.Next(100_000, 9_000_000);
        var client = await JoinAsync("left_a", room);
        var exits = Record<RoomExitedEventArgs>(h => client.RoomExited += h);

        await client.ExitRoomAsync();

        var exit = await exits.NextAsync();
        Assert.Equal((room, "exit", RoomExitReason.Left), (exit.RoomId, exit.Reason, exit.VendorReason));
    }

    [Fact]
    public async Task Removing_users_ends_their_stays_with_reason_removed_1_and_the_others_see_them_leave()
    {
        long room = Random.Shared.Next(100_000, 9_000_000);
        var stays = await JoinAsync("rm_stays", room);
        var first = await JoinAsync("rm_first", room);
        var second = await JoinAsync("rm_second", room);
        var exitsOfFirst = Record<RoomExitedEventArgs>(h => first.RoomExited += h);
        var exitsOfSecond = Record<RoomExitedEventArgs>(h => second.RoomExited += h);
        var seenLeaving = Record<MemberExitedEventArgs>(h => stays.MemberExited += h);

        using var response = await _admin.PostAsJsonAsync($"api/apps/{App}/rooms/{room}/remove-users",
            new { identifiers = new[] { "RM_FIRST", "rm_second", "nobody" } }, Json);
        using var empty = await _admin.PostAsJsonAsync($"api/apps/{App}/rooms/{room}/remove-users", new { identifiers = Array.Empty<string>() }, Json);
        using var missing = await _admin.PostAsJsonAsync($"api/apps/{App}/rooms/{room + 1}/remove-users", new { identifiers = new[] { "rm_stays" } }, Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal(["RM_FIRST", "rm_second"], result.GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["nobody"], result.GetProperty("notInRoom").EnumerateArray().Select(e => e.GetString()));
        foreach (var exits in new[] { exitsOfFirst, exitsOfSecond })
        {
            var exit = await exits.NextAsync();
            Assert.Equal(("kicked", RoomExitReason.Removed, 1), (exit.Reason, exit.VendorReason, (int)exit.VendorReason));
        }

        Assert.Null(first.CurrentRoomId);
        var left = new[] { await seenLeaving.NextAsync(), await seenLeaving.NextAsync() };
        Assert.Equal(["rm_first", "rm_second"], left.Select(e => e.Identifier).Order());
        Assert.All(left, e => Assert.Equal("kicked", e.Reason));
        Assert.Equal(room, stays.CurrentRoomId);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task An_operator_mute_stops_the_track_for_everyone_until_released_and_its_owner_cannot_unmute_it()
    {
        long room = Random.Shared.Next(100_000, 9_000_000);
        var subscriber = await JoinAsync("mute_sub", room);
        var frames = new FrameCounter();
        subscriber.RemoteTrackAdded += (_, e) => e.Track.FrameReceived += (_, _) => frames.Add();
        var othersSee = Record<TrackMutedEventArgs>(h => subscriber.TrackMuted += h);
        var publisher = await JoinAsync("mute_pub", room);
        var ownerHears = Record<TrackAdminMutedEventArgs>(h => publisher.TrackAdminMuted += h);
        var camera = CameraTrack();
        var producer = await publisher.PublishAsync(camera);
        await frames.WaitForAsync(10, TimeSpan.FromSeconds(20));

        // The room's details carry the track with what the media node measures (bitrate over the last second).
        JsonElement track = default;
        await WaitUntilAsync(async () =>
        {
            var member = (await GetRoomAsync(room)).GetProperty("members").EnumerateArray().Single(m => m.GetProperty("identifier").GetString() == "mute_pub");
            Assert.Equal("linux", member.GetProperty("platform").GetString());
            track = Assert.Single(member.GetProperty("tracks").EnumerateArray());
            return track.GetProperty("bitrateBps").ValueKind == JsonValueKind.Number && track.GetProperty("bitrateBps").GetInt64() > 0;
        });
        Assert.Equal((producer.ProducerId, "camera", "video", false, false),
            (track.GetProperty("producerId").GetString(), track.GetProperty("source").GetString(), track.GetProperty("kind").GetString(),
             track.GetProperty("muted").GetBoolean(), track.GetProperty("adminMuted").GetBoolean()));

        using (var muted = await MuteAsync(room, "MUTE_PUB", "camera", muted: true))
        {
            Assert.Equal(HttpStatusCode.NoContent, muted.StatusCode);
        }

        var seen = await othersSee.NextAsync();
        Assert.Equal((producer.ProducerId, true, true), (seen.ProducerId, seen.Muted, seen.ByAdmin));
        var heard = await ownerHears.NextAsync();
        Assert.Equal((producer.ProducerId, "camera", true, true), (heard.ProducerId, heard.Source, heard.AdminMuted, heard.Muted));
        await WaitUntilAsync(() => camera.AdminMuted);
        // The publisher keeps sending, but the SFU forwards nothing of a paused producer.
        await Task.Delay(500);
        frames.Reset();
        await Task.Delay(1500);
        Assert.Equal(0, frames.Count);
        var refused = await Assert.ThrowsAsync<ParleyException>(() => publisher.MuteTrackAsync(camera, false));
        Assert.Equal(ErrorCodes.TrackMutedByAdmin, refused.Code);
        var locked = Assert.Single((await GetRoomAsync(room)).GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("identifier").GetString() == "mute_pub").GetProperty("tracks").EnumerateArray());
        Assert.True(locked.GetProperty("muted").GetBoolean());
        Assert.True(locked.GetProperty("adminMuted").GetBoolean());

        using (var released = await MuteAsync(room, "mute_pub", "camera", muted: false))
        {
            Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        }

        Assert.False((await othersSee.NextAsync()).Muted);
        Assert.False((await ownerHears.NextAsync()).AdminMuted);
        await frames.WaitForAsync(6, TimeSpan.FromSeconds(20)); // forwarding resumes from the next key frame
        await publisher.MuteTrackAsync(camera, true); // the member's own mute works again
        Assert.True((await othersSee.NextAsync()).Muted);

        using var notPublished = await MuteAsync(room, "mute_pub", "microphone", muted: true);
        using var notMember = await MuteAsync(room, "mute_nobody", "camera", muted: true);
        using var badSource = await MuteAsync(room, "mute_pub", "speaker", muted: true);
        Assert.Equal(ErrorCodes.ProducerNotFound, (await notPublished.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, notMember.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSource.StatusCode);
    }

    [Fact]
    public async Task Publishing_the_source_again_does_not_escape_an_operator_s_mute()
    {
        long room = Random.Shared.Next(100_000, 9_000_000);
        var subscriber = await JoinAsync("again_sub", room);
        var othersSee = Record<TrackPublishedEventArgs>(h => subscriber.TrackPublished += h);
        var publisher = await JoinAsync("again_pub", room);
        var ownerHears = Record<TrackAdminMutedEventArgs>(h => publisher.TrackAdminMuted += h);
        // A microphone keeps the send transport's first section while the camera is unpublished and published again.
        string voice = Path.Combine(_directory, "voice.ogg");
        File.WriteAllBytes(voice, MediaFileFactory.OggOpus(50).ToArray());
        await publisher.PublishAsync(new OggOpusFileTrack(voice, loop: true));
        Assert.Equal("microphone", (await othersSee.NextAsync()).Producer.Source);
        var first = CameraTrack();
        Assert.False((await publisher.PublishAsync(first)).AdminMuted);
        var firstSeen = (await othersSee.NextAsync()).Producer;
        Assert.False(firstSeen.Muted);
        Assert.False(firstSeen.AdminMuted);
        using (var muted = await MuteAsync(room, "again_pub", "camera", muted: true))
        {
            Assert.Equal(HttpStatusCode.NoContent, muted.StatusCode);
        }

        Assert.True((await ownerHears.NextAsync()).AdminMuted);

        await publisher.UnpublishAsync(first);
        var second = CameraTrack();
        var producer = await publisher.PublishAsync(second);

        Assert.True(producer.Muted); // the lock is on the source for the stay, not on the producer
        Assert.True(producer.AdminMuted); // said by the answer (protocol.md §9), not guessed from muted
        Assert.True(second.AdminMuted);
        Assert.True((await ownerHears.NextAsync()).AdminMuted);
        var secondSeen = (await othersSee.NextAsync()).Producer;
        Assert.True(secondSeen.Muted);
        Assert.True(secondSeen.AdminMuted); // the room's events carry the lock too (protocol.md §9)
        var refused = await Assert.ThrowsAsync<ParleyException>(() => publisher.MuteTrackAsync(second, false));
        Assert.Equal(ErrorCodes.TrackMutedByAdmin, refused.Code);
    }

    [Fact]
    public async Task Joins_racing_a_dismissal_end_either_dismissed_or_in_a_fresh_room_never_as_zombies()
    {
        // Exactly one of the two, as seen by the SDK and by the server alike: a client that believes it is in the room is
        // listed by the room, and one the dismissal took heard RoomExited (dismissed) and is in no room.
        for (int round = 0; round < 3; round++)
        {
            long room = Random.Shared.Next(100_000, 9_000_000);
            await JoinAsync($"zr_hold_{round}", room);
            var joiners = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => LoginAsync($"zr_{round}_{i}")));
            var exits = joiners.Select(j => Record<RoomExitedEventArgs>(h => j.RoomExited += h)).ToArray();

            var joins = joiners.Select(j => j.JoinRoomAsync(room)).ToArray();
            using var dismissed = await _admin.DeleteAsync(new Uri($"api/apps/{App}/rooms/{room}", UriKind.Relative));
            await Task.WhenAll(joins);
            Assert.Equal(HttpStatusCode.NoContent, dismissed.StatusCode);

            // The dismissal's notices are queued before the 204; give the SDKs' event dispatchers a moment to raise them.
            await Task.Delay(500);
            for (int i = 0; i < joiners.Length; i++)
            {
                bool wasDismissed = exits[i].HasPending;
                using var details = await _admin.GetAsync(new Uri($"api/apps/{App}/rooms/{room}", UriKind.Relative));
                bool listed = details.IsSuccessStatusCode && (await details.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("members")
                    .EnumerateArray().Any(m => m.GetProperty("identifier").GetString() == $"zr_{round}_{i}");
                Assert.True(wasDismissed ^ listed, $"round {round} joiner {i}: dismissed {wasDismissed}, listed {listed}");
                Assert.Equal(listed ? room : null, joiners[i].CurrentRoomId);
                if (wasDismissed)
                {
                    Assert.Equal(RoomExitReason.Dismissed, (await exits[i].NextAsync()).VendorReason);
                }
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition) => await WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true in 15 s");
            await Task.Delay(50);
        }
    }

    private sealed class FrameCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public async Task WaitForAsync(int frames, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (Count < frames)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{Count} of {frames} frames arrived in {timeout.TotalSeconds} s");
                await Task.Delay(50);
            }
        }
    }
}
