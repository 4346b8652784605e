using Parley.Protocol.Errors;
using Parley.Signaling.Grains;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>
/// The operator's room actions behind the admin API (IRoomAdministration): dismiss a room, remove users, mute a track.
/// The members hear their own end as <c>kickedOut</c> with the string reason and the vendor's number (docs/protocol.md §5).
/// </summary>
public sealed class RoomAdministrationTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    private SignalingTestHost Host => fixture.Host;

    [Fact]
    public async Task Dismissing_a_room_ends_every_member_s_stay_with_reason_dismissed_and_forgets_the_room()
    {
        await using var owner = await Host.LoginAsync("dsm_Owner");
        await using var guest = await Host.LoginAsync("dsm_guest");
        await owner.CallAsync("joinRoom", new { roomId = 5101 });
        await guest.CallAsync("joinRoom", new { roomId = 5101 });
        Assert.Equal(0, await Host.Room(5101).AddProducer("dsm_guest", guest.LoginResult.Str("sessionId"), new RoomProducer("dg", "audio", "microphone", false, "opus")));

        Assert.True(await Host.RoomAdministration.DismissAsync(TestApp.SdkAppId, 5101));

        foreach (var member in new[] { owner, guest })
        {
            var kicked = (await member.NextEventAsync("kickedOut")).Params();
            Assert.Equal(5101, kicked.GetProperty("roomId").GetInt64());
            Assert.Equal("dismissed", kicked.Str("reason"));
            Assert.Equal(2, kicked.GetProperty("vendorReason").GetInt32());
            Assert.Equal(ErrorCodes.NotInRoom, (await member.CallAsync("listMembers")).ErrorCode());
        }
        // Nobody stays to be told about the others: no memberExited, no trackUnpublished.
        Assert.False(owner.HasReceived(m => m.TryGetProperty("method", out var method) && method.GetString() is "memberExited" or "trackUnpublished"));
        // Gone at once, not 30 s later (R3.5 is for rooms that empty by themselves).
        Assert.Null(await Host.RoomQueries.GetRoomAsync(TestApp.SdkAppId, 5101));
        Assert.DoesNotContain(await Host.RoomQueries.ListRoomsAsync(TestApp.SdkAppId), r => r.RoomId == 5101);
        Assert.False(await Host.RoomAdministration.DismissAsync(TestApp.SdkAppId, 5101));

        // The number is free: the next join creates a new room whose owner is its creator (R3.6, R3.4).
        var again = (await guest.CallAsync("joinRoom", new { roomId = 5101 })).Result();
        Assert.True(again.GetProperty("created").GetBoolean());
        Assert.Equal("dsm_guest", again.Str("owner"));
    }

    [Fact]
    public async Task Dismissing_a_room_that_does_not_exist_changes_nothing()
    {
        Assert.False(await Host.RoomAdministration.DismissAsync(TestApp.SdkAppId, 5199));
        Assert.Null(await Host.RoomQueries.GetRoomAsync(TestApp.SdkAppId, 5199));
    }

    [Fact]
    public async Task A_dismissal_racing_joins_leaves_every_joiner_either_dismissed_or_in_a_fresh_room_never_a_zombie()
    {
        // "Exactly one" under a race: each joiner's join is applied by the room before or after the dismissal's one turn.
        // Before: the joiner is in the dismissal (kickedOut dismissed, in no room). After: it created or entered the fresh
        // room of that number. Never both, never neither, and the server and the joiner agree on where it is.
        for (var round = 0; round < 4; round++)
        {
            long roomId = 5110 + round;
            await using var holder = await Host.LoginAsync($"dsr_holder{round}");
            await holder.CallAsync("joinRoom", new { roomId });
            var joiners = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Host.LoginAsync($"dsr_{round}_{i}")));
            try
            {
                var joins = joiners.Select(j => j.CallAsync("joinRoom", new { roomId })).ToArray();
                var dismiss = Host.RoomAdministration.DismissAsync(TestApp.SdkAppId, roomId);
                var answers = await Task.WhenAll(joins);
                Assert.True(await dismiss);
                Assert.Equal("dismissed", (await holder.NextEventAsync("kickedOut")).Params().Str("reason"));

                var room = await Host.RoomQueries.GetRoomAsync(TestApp.SdkAppId, roomId);
                var inFreshRoom = room?.Members.Select(m => m.Identifier).ToHashSet() ?? [];
                if (room is not null)
                {
                    Assert.Single(room.Members, m => m.IsOwner); // R3.4 in the fresh room too
                }
                for (var i = 0; i < joiners.Length; i++)
                {
                    Assert.True(answers[i].TryGetProperty("result", out _), answers[i].GetRawText());
                    var listed = await joiners[i].CallAsync("listMembers");
                    var dismissed = joiners[i].HasReceived(m => m.TryGetProperty("method", out var method) && method.GetString() == "kickedOut");
                    var member = inFreshRoom.Contains($"dsr_{round}_{i}");
                    Assert.True(dismissed ^ member, $"joiner {i}: dismissed {dismissed}, in the fresh room {member}");
                    if (member)
                    {
                        Assert.Equal(roomId, listed.Result().GetProperty("roomId").GetInt64());
                    }
                    else
                    {
                        Assert.Equal(ErrorCodes.NotInRoom, listed.ErrorCode());
                    }
                }
            }
            finally
            {
                await Task.WhenAll(joiners.Select(j => j.DisposeAsync().AsTask()));
            }
        }
    }

    [Fact]
    public async Task Removing_users_takes_each_out_with_reason_kicked_and_says_who_was_not_there()
    {
        await using var stay = await Host.LoginAsync("rmu_stay");
        await using var first = await Host.LoginAsync("rmu_First");
        await using var second = await Host.LoginAsync("rmu_second");
        await using var elsewhere = await Host.LoginAsync("rmu_elsewhere");
        await stay.CallAsync("joinRoom", new { roomId = 5120 });
        await first.CallAsync("joinRoom", new { roomId = 5120 });
        await second.CallAsync("joinRoom", new { roomId = 5120 });
        await elsewhere.CallAsync("joinRoom", new { roomId = 5121 });

        var result = await Host.RoomAdministration.RemoveUsersAsync(TestApp.SdkAppId, 5120, ["RMU_FIRST", "rmu_second", "rmu_first", "rmu_elsewhere", "nobody_here", "not valid!"]);

        Assert.NotNull(result);
        Assert.Equal(["RMU_FIRST", "rmu_second"], result.Removed);
        Assert.Equal(["rmu_elsewhere", "nobody_here", "not valid!"], result.NotInRoom);
        foreach (var removed in new[] { first, second })
        {
            var kicked = (await removed.NextEventAsync("kickedOut")).Params();
            Assert.Equal("kicked", kicked.Str("reason"));
            Assert.Equal(1, kicked.GetProperty("vendorReason").GetInt32());
        }
        var reasons = new[] { (await stay.NextEventAsync("memberExited")).Params(), (await stay.NextEventAsync("memberExited")).Params() };
        Assert.All(reasons, exited => Assert.Equal("kicked", exited.Str("reason")));
        Assert.Equal(5121, (await elsewhere.CallAsync("listMembers")).Result().GetProperty("roomId").GetInt64());
        Assert.Null(await Host.RoomAdministration.RemoveUsersAsync(TestApp.SdkAppId, 5198, ["rmu_stay"]));
    }

    [Fact]
    public async Task An_operator_mute_shows_as_trackMuted_by_admin_to_the_room_and_as_trackAdminMuted_to_the_member()
    {
        await using var speaker = await Host.LoginAsync("amu_speaker");
        await using var listener = await Host.LoginAsync("amu_listener");
        await speaker.CallAsync("joinRoom", new { roomId = 5130 });
        await listener.CallAsync("joinRoom", new { roomId = 5130 });
        Assert.Equal(0, await Host.Room(5130).AddProducer("amu_speaker", speaker.LoginResult.Str("sessionId"), new RoomProducer("am", "video", "camera", false, "VP8")));
        Assert.True((await listener.NextEventAsync("userVideoAvailable")).Params().GetProperty("available").GetBoolean());

        Assert.Equal(0, await Host.RoomAdministration.MuteTrackAsync(TestApp.SdkAppId, 5130, "AMU_SPEAKER", "camera", muted: true));

        var muted = (await listener.NextEventAsync("trackMuted")).Params();
        Assert.Equal(("am", true, true), (muted.Str("producerId"), muted.GetProperty("muted").GetBoolean(), muted.GetProperty("byAdmin").GetBoolean()));
        Assert.False((await listener.NextEventAsync("userVideoAvailable")).Params().GetProperty("available").GetBoolean());
        var told = (await speaker.NextEventAsync("trackAdminMuted")).Params();
        Assert.Equal(("am", "camera", true, true), (told.Str("producerId"), told.Str("source"), told.GetProperty("adminMuted").GetBoolean(), told.GetProperty("muted").GetBoolean()));
        var room = await Host.RoomQueries.GetRoomAsync(TestApp.SdkAppId, 5130);
        Assert.True(Assert.Single(room!.Members.Single(m => m.Identifier == "amu_speaker").Tracks).Muted);

        Assert.Equal(ErrorCodes.ProducerNotFound, await Host.RoomAdministration.MuteTrackAsync(TestApp.SdkAppId, 5130, "amu_speaker", "microphone", muted: true));
        Assert.Equal(ErrorCodes.RoomNotFound, await Host.RoomAdministration.MuteTrackAsync(TestApp.SdkAppId, 5130, "amu_nobody", "camera", muted: true));
        Assert.Equal(ErrorCodes.RoomNotFound, await Host.RoomAdministration.MuteTrackAsync(TestApp.SdkAppId, 5197, "amu_speaker", "camera", muted: true));

        Assert.Equal(0, await Host.RoomAdministration.MuteTrackAsync(TestApp.SdkAppId, 5130, "amu_speaker", "camera", muted: false));
        Assert.False((await listener.NextEventAsync("trackMuted")).Params().GetProperty("muted").GetBoolean());
        Assert.False((await speaker.NextEventAsync("trackAdminMuted")).Params().GetProperty("adminMuted").GetBoolean());
    }

    [Fact]
    public async Task A_lock_shows_as_adminMuted_in_the_member_list_of_a_later_join_and_in_trackPublished()
    {
        // protocol.md §9: the room's lists and events say adminMuted, so an app can show "muted by the operator".
        await using var speaker = await Host.LoginAsync("aml_speaker");
        await speaker.CallAsync("joinRoom", new { roomId = 5131 });
        var sessionId = speaker.LoginResult.Str("sessionId");
        Assert.Equal(0, await Host.Room(5131).AddProducer("aml_speaker", sessionId, new RoomProducer("aml1", "video", "camera", false, "VP8")));
        Assert.Equal(0, await Host.RoomAdministration.MuteTrackAsync(TestApp.SdkAppId, 5131, "aml_speaker", "camera", muted: true));

        await using var late = await Host.LoginAsync("aml_late");
        var joined = (await late.CallAsync("joinRoom", new { roomId = 5131 })).Result();
        var listed = joined.GetProperty("members").EnumerateArray().Single(m => m.Str("identifier") == "aml_speaker").GetProperty("producers").EnumerateArray().Single();
        Assert.Equal((true, true), (listed.GetProperty("muted").GetBoolean(), listed.GetProperty("adminMuted").GetBoolean()));

        // A producer the media node made under the lock (it says AdminMuted) reaches the others with it.
        Assert.Equal(0, await Host.Room(5131).AddProducer("aml_speaker", sessionId, new RoomProducer("aml2", "audio", "microphone", true, "opus", AdminMuted: true)));
        var published = (await late.NextEventAsync("trackPublished")).Params().GetProperty("producer");
        Assert.Equal(("aml2", true), (published.Str("producerId"), published.GetProperty("adminMuted").GetBoolean()));

        Assert.Equal(0, await Host.RoomAdministration.MuteTrackAsync(TestApp.SdkAppId, 5131, "aml_speaker", "camera", muted: false));
        await using var later = await Host.LoginAsync("aml_later");
        var rejoined = (await later.CallAsync("joinRoom", new { roomId = 5131 })).Result();
        var camera = rejoined.GetProperty("members").EnumerateArray().Single(m => m.Str("identifier") == "aml_speaker").GetProperty("producers").EnumerateArray()
            .Single(p => p.Str("source") == "camera");
        Assert.False(camera.GetProperty("adminMuted").GetBoolean());
    }

    [Fact]
    public async Task The_room_view_carries_each_member_s_platform()
    {
        await using var web = await Host.LoginAsync("plt_web");
        await using var ios = await Host.LoginAsync("plt_ios", platform: "iOS");
        await web.CallAsync("joinRoom", new { roomId = 5140 });
        await ios.CallAsync("joinRoom", new { roomId = 5140 });

        var room = await Host.RoomQueries.GetRoomAsync(TestApp.SdkAppId, 5140);

        Assert.Equal(["web", "ios"], room!.Members.Select(m => m.Platform));
        Assert.Null(room.DissolvesAt);
    }
}
