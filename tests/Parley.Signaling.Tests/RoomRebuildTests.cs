using Orleans.Core.Internal;
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
}
