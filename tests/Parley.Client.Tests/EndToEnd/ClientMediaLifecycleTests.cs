using System.Collections.Concurrent;
using Parley.Client.Media.Rooms;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// Issue 8 point 2: leaving, switchRoom, logout and a kick end the client's media at once: its local tracks stop
/// sending and can be published again, and every remote track it received ends (RemoteTrackRemoved).
/// </summary>
public sealed class ClientMediaLifecycleTests : MediaServerTests
{
    public static TheoryData<string> Endings => ["exitRoom", "switchRoom", "logout", "kick"];

    [Theory]
    [MemberData(nameof(Endings))]
    public async Task When_the_stay_ends_the_clients_media_ends_with_it(string ending)
    {
        long room = Random.Shared.Next(100_000, 9_000_000);
        var (alice, aliceId) = await JoinAsync("alice", room);
        var (bob, _) = await JoinAsync("bob", room);
        var aliceRemoved = new ConcurrentQueue<RemoteTrack>();
        var bobRemoved = new ConcurrentQueue<RemoteTrack>();
        alice.RemoteTrackRemoved += (_, e) => aliceRemoved.Enqueue(e.Track);
        bob.RemoteTrackRemoved += (_, e) => bobRemoved.Enqueue(e.Track);
        var aliceGot = WaitForTrack(alice);
        var bobGot = WaitForTrack(bob);
        var aliceCamera = new IvfFileTrack(ClipPath, MediaSource.Camera, loop: true);
        await alice.PublishAsync(aliceCamera);
        await bob.PublishAsync(new IvfFileTrack(ClipPath, MediaSource.Camera, loop: true));
        await Task.WhenAll(aliceGot, bobGot).WaitAsync(TimeSpan.FromSeconds(20));

        switch (ending)
        {
            case "exitRoom":
                await alice.ExitRoomAsync();
                break;
            case "switchRoom":
                await alice.SwitchRoomAsync(room + 1);
                break;
            case "logout":
                await alice.LogoutAsync();
                break;
            default:
                using (var admin = Server.CreateAdminClient())
                {
                    using var response = await admin.DeleteAsync(new Uri($"/api/apps/{Server.DefaultApp.SdkAppId}/rooms/{room}/members/{aliceId}", UriKind.Relative));
                    response.EnsureSuccessStatusCode();
                }

                break;
        }

        await EventuallyAsync(() => !aliceRemoved.IsEmpty && !bobRemoved.IsEmpty, "both sides' remote tracks end");
        await EventuallyAsync(() => aliceCamera.ProducerId is null, "alice's camera is no longer published");
        var frames = aliceCamera.FramesSent;
        await Task.Delay(500);
        Assert.Equal(frames, aliceCamera.FramesSent); // the file track stopped sending
    }

    [Fact]
    public async Task Unpublishing_the_only_track_then_publishing_again_reaches_the_others()
    {
        long room = Random.Shared.Next(100_000, 9_000_000);
        var (alice, _) = await JoinAsync("solo", room);
        var (bob, _) = await JoinAsync("watcher", room);
        var bobRemoved = new ConcurrentQueue<RemoteTrack>();
        bob.RemoteTrackRemoved += (_, e) => bobRemoved.Enqueue(e.Track);
        var firstSeen = WaitForTrack(bob);
        var camera = new IvfFileTrack(ClipPath, MediaSource.Camera, loop: true);
        await alice.PublishAsync(camera);
        await firstSeen.WaitAsync(TimeSpan.FromSeconds(20));

        await alice.UnpublishAsync(camera); // the send transport is left with no live section
        Assert.Null(camera.ProducerId);
        Assert.Empty(alice.PublishedTracks);
        await EventuallyAsync(() => !bobRemoved.IsEmpty, "bob's remote camera ends");

        var again = WaitForTrack(bob);
        var second = new IvfFileTrack(ClipPath, MediaSource.Camera, loop: true);
        await alice.PublishAsync(second);
        var track = await again.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(second.ProducerId, track.ProducerId);
    }

    private static Task<RemoteTrack> WaitForTrack(ParleyClient client)
    {
        var added = new TaskCompletionSource<RemoteTrack>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.RemoteTrackAdded += (_, e) => added.TrySetResult(e.Track);
        return added.Task;
    }

    private async Task<(ParleyClient Client, string Identifier)> JoinAsync(string name, long room)
    {
        var identifier = $"{name}_{room}";
        var client = await LoginAsync(identifier);
        await client.JoinRoomAsync(room);
        return (client, identifier);
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what + " did not happen in 15 s");
            await Task.Delay(50);
        }
    }
}
