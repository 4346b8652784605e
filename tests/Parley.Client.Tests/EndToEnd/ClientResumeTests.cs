using System.Collections.Concurrent;
using Parley.Client.Media.Rooms;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// A C# client whose socket drops resumes its suspended session on the real server (docs/protocol.md §13): same
/// session, same room, its media untouched, and the others never see it leave.
/// </summary>
public sealed class ClientResumeTests : MediaServerTests
{
    [Fact]
    public async Task A_dropped_client_resumes_its_session_and_its_published_video_keeps_reaching_the_room()
    {
        long room = Random.Shared.Next(100_000, 9_000_000);
        var alice = await LoginAsync($"alice_{room}");
        var bob = await LoginAsync($"bob_{room}");
        await alice.JoinRoomAsync(room);
        await bob.JoinRoomAsync(room);
        var exits = new ConcurrentQueue<string>();
        bob.MemberExited += (_, e) => exits.Enqueue(e.Identifier);
        var bobGot = new TaskCompletionSource<RemoteTrack>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.RemoteTrackAdded += (_, e) => bobGot.TrySetResult(e.Track);
        var reconnected = new TaskCompletionSource<ReconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        alice.Reconnected += (_, e) => reconnected.TrySetResult(e);
        var sessionId = alice.SessionId;

        await alice.PublishAsync(new IvfFileTrack(ClipPath, MediaSource.Camera, loop: true));
        var track = await bobGot.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await EventuallyAsync(() => track.PacketsReceived > 5, "bob receives alice's video");

        alice.AbortConnectionForTesting();

        var back = await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(back.Resumed);
        Assert.Equal(sessionId, back.Login.SessionId);
        Assert.Equal(room, back.Login.RoomId);
        Assert.Equal(room, alice.CurrentRoomId);
        var before = track.PacketsReceived;
        await EventuallyAsync(() => track.PacketsReceived > before + 20, "alice's video keeps reaching bob");
        await alice.PingAsync();
        Assert.Empty(exits);
        Assert.Equal(2, (await bob.ListMembersAsync()).Members.Count);
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
