using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Parley.Protocol.Errors;
using Parley.Signaling.Grains;
using Parley.Signaling.MediaHooks;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>
/// Rooms are soft state: when the node holding a room's grain dies, the room is rebuilt from its members' sessions as
/// they re-assert themselves (ARCHITECTURE.md "Cluster"). The rebuilt room is the same room: same members, same owner.
/// </summary>
public sealed class RoomRebuildTests
{
    [Fact]
    public async Task A_room_rebuilt_from_its_members_keeps_its_owner_whoever_comes_back_first()
    {
        await using var host = await SignalingTestHost.StartAsync();
        await using var alice = await host.LoginAsync("rebuild_alice");
        await using var bob = await host.LoginAsync("rebuild_bob");
        await alice.CallAsync("joinRoom", new { roomId = 7301 });
        await bob.CallAsync("joinRoom", new { roomId = 7301 });

        // The room's grain is lost (as with its node) and comes back empty at its next call.
        await host.Room(7301).Cast<IGrainManagementExtension>().DeactivateOnIdle();

        await host.Session("rebuild_bob").ReattachAsync(); // bob comes back first
        var view = await host.Room(7301).GetView();
        Assert.Equal("rebuild_alice", view?.Owner); // R3.4: the creator owns the room for its whole life
        Assert.Contains(view!.Members, m => m.Identifier == "rebuild_bob" && !m.IsOwner);

        await host.Session("rebuild_alice").ReattachAsync();
        view = await host.Room(7301).GetView();
        Assert.Contains(view!.Members, m => m.Identifier == "rebuild_alice" && m.IsOwner);
        Assert.Equal(2, view.Members.Count);
    }

    [Fact]
    public async Task A_track_published_before_its_publisher_re_asserted_reaches_the_rebuilt_room_and_its_members()
    {
        // The room's grain died with its node; the room's media had moved, so the publisher publishes again at once,
        // before its session re-asserted itself: the rebuilt room must not answer NotInRoom and lose the track.
        var stays = new StayRecorder();
        await using var host = await SignalingTestHost.StartAsync(configureServices: s => s.AddSingleton<ISessionMediaHandler>(stays));
        await using var alice = await host.LoginAsync("rebuild_pub");
        await using var bob = await host.LoginAsync("rebuild_sub");
        await alice.CallAsync("joinRoom", new { roomId = 7302 });
        await bob.CallAsync("joinRoom", new { roomId = 7302 });
        var aliceStay = stays.Joined.Single(s => s.Identifier == "rebuild_pub");

        await host.Room(7302).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await host.Session("rebuild_sub").ReattachAsync(); // only bob has come back so far
        var producer = new RoomProducer("moved-camera", "video", "camera", Muted: false, "VP8");
        Assert.Equal(ErrorCodes.NotInRoom, await host.Room(7302).AddProducer(aliceStay.IdentifierKey, aliceStay.SessionId, producer)); // the race, by hand

        var code = await aliceStay.UpdateRoomAsync(room => room.AddProducer(aliceStay.IdentifierKey, aliceStay.SessionId, producer));

        Assert.Equal(0, code);
        var published = await bob.WaitForAsync(n => n.Str("method") == "trackPublished");
        Assert.Equal("moved-camera", published.GetProperty("params").GetProperty("producer").Str("producerId"));
        var view = await host.Room(7302).GetView();
        Assert.Equal("rebuild_pub", view?.Owner); // R3.4
        Assert.Contains(view!.Members, m => m.Identifier == "rebuild_pub" && (m.Producers ?? []).Any(p => p.ProducerId == "moved-camera"));
    }

    [Fact]
    public async Task The_apps_room_list_lost_with_its_node_gets_a_surviving_room_back_when_the_members_re_assert()
    {
        await using var host = await SignalingTestHost.StartAsync();
        await using var alice = await host.LoginAsync("list_alice");
        await alice.CallAsync("joinRoom", new { roomId = 7303 });
        var list = host.Grains.GetGrain<IAppRoomsGrain>(TestApp.SdkAppId);
        Assert.Contains(7303L, await list.GetRoomIds());

        // The list's grain is lost (as with its node); the room's grain survives.
        await list.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.DoesNotContain(7303L, await list.GetRoomIds());

        await host.Session("list_alice").ReattachAsync();

        Assert.Contains(7303L, await list.GetRoomIds());
    }

    /// <summary>Keeps every stay that began, so a test can act as the media glue of one.</summary>
    private sealed class StayRecorder : ISessionMediaHandler
    {
        public ConcurrentQueue<MediaSessionContext> Joined { get; } = new();

        public ValueTask OnJoinedAsync(MediaSessionContext session)
        {
            Joined.Enqueue(session);
            return ValueTask.CompletedTask;
        }

        public ValueTask<MediaCallResult> CallAsync(MediaSessionContext session, string method, JsonElement parameters, CancellationToken cancellationToken) =>
            ValueTask.FromResult(MediaCallResult.Ok("{}"));

        public ValueTask OnLeftAsync(MediaSessionContext session) => ValueTask.CompletedTask;
    }
}
