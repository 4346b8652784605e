using Parley.Protocol.Errors;
using Parley.Signaling.Grains;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>
/// The room's book of producers (docs/protocol.md §9, §11), driven through the room grain as the media glue will,
/// observed by real WebSocket clients: track events, vendor-style availability events, members[] with producers,
/// and producers closed when their owner leaves (R3.1: members see each other's tracks appear and go).
/// </summary>
public sealed class ProducerTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    private SignalingTestHost Host => fixture.Host;

    private static string SessionId(TestClient client) => client.LoginResult.Str("sessionId");

    private static RoomProducer Camera(string id, bool muted = false) => new(id, "video", "camera", muted, "VP8", 3);

    private async Task<(TestClient Publisher, TestClient Watcher)> TwoInRoomAsync(string prefix, long roomId)
    {
        var publisher = await Host.LoginAsync(prefix + "_pub");
        var watcher = await Host.LoginAsync(prefix + "_watch");
        await publisher.CallAsync("joinRoom", new { roomId });
        await watcher.CallAsync("joinRoom", new { roomId });
        await publisher.NextEventAsync("memberEntered");
        return (publisher, watcher);
    }

    [Fact]
    public async Task Publishing_tells_the_others_trackPublished_and_userVideoAvailable_but_not_the_publisher()
    {
        var (publisher, watcher) = await TwoInRoomAsync("prod_pub", 9001);
        await using var _ = publisher;
        await using var __ = watcher;

        Assert.Equal(0, await Host.Room(9001).AddProducer("prod_pub_pub", SessionId(publisher), Camera("p1")));

        var published = (await watcher.NextEventAsync("trackPublished")).Params();
        Assert.Equal(9001, published.GetProperty("roomId").GetInt64());
        var producer = published.GetProperty("producer");
        Assert.Equal("p1", producer.Str("producerId"));
        Assert.Equal("prod_pub_pub", producer.Str("identifier"));
        Assert.Equal("video", producer.Str("kind"));
        Assert.Equal("camera", producer.Str("source"));
        Assert.False(producer.GetProperty("muted").GetBoolean());
        Assert.Equal("VP8", producer.Str("codec"));
        Assert.Equal(3, producer.GetProperty("layers").GetInt32());
        var available = (await watcher.NextEventAsync("userVideoAvailable")).Params();
        Assert.True(available.GetProperty("available").GetBoolean());
        Assert.Equal("prod_pub_pub", available.Str("identifier"));
        await publisher.CallAsync("ping");
        Assert.False(publisher.HasReceived(m => m.TryGetProperty("method", out var method) && method.GetString() == "trackPublished"));
    }

    [Fact]
    public async Task Members_in_joinRoom_and_listMembers_carry_their_producers()
    {
        var (publisher, watcher) = await TwoInRoomAsync("prod_list", 9002);
        await using var _ = publisher;
        await using var __ = watcher;
        var room = Host.Room(9002);
        Assert.Equal(0, await room.AddProducer("prod_list_pub", SessionId(publisher), new RoomProducer("a1", "audio", "microphone", true, "opus")));
        Assert.Equal(0, await room.AddProducer("prod_list_pub", SessionId(publisher), Camera("v1")));

        var listed = (await watcher.CallAsync("listMembers")).Result().GetProperty("members").EnumerateArray().First(m => m.Str("identifier") == "prod_list_pub");
        Assert.Equal(["a1", "v1"], listed.GetProperty("producers").EnumerateArray().Select(p => p.Str("producerId")));
        Assert.True(listed.GetProperty("producers")[0].GetProperty("muted").GetBoolean());

        await using var late = await Host.LoginAsync("prod_list_late");
        var joined = (await late.CallAsync("joinRoom", new { roomId = 9002 })).Result();
        var member = joined.GetProperty("members").EnumerateArray().First(m => m.Str("identifier") == "prod_list_pub");
        Assert.Equal(2, member.GetProperty("producers").GetArrayLength());
    }

    [Fact]
    public async Task One_producer_per_source_and_the_kind_must_match_the_source()
    {
        var (publisher, watcher) = await TwoInRoomAsync("prod_dup", 9003);
        await using var _ = publisher;
        await using var __ = watcher;
        var room = Host.Room(9003);
        Assert.Equal(0, await room.AddProducer("prod_dup_pub", SessionId(publisher), Camera("c1")));

        Assert.Equal(ErrorCodes.SourceAlreadyPublished, await room.AddProducer("prod_dup_pub", SessionId(publisher), Camera("c2")));
        Assert.Equal(ErrorCodes.InvalidParams, await room.AddProducer("prod_dup_pub", SessionId(publisher), new RoomProducer("s1", "audio", "screen", false)));
        Assert.Equal(ErrorCodes.NotInRoom, await room.AddProducer("prod_dup_pub", "not-the-session", new RoomProducer("s1", "video", "screen", false)));
        Assert.Equal(ErrorCodes.ProducerNotFound, await room.RemoveProducer("prod_dup_pub", SessionId(publisher), "nope"));
        Assert.Equal(ErrorCodes.ProducerNotFound, await room.MuteProducer("prod_dup_pub", SessionId(publisher), "nope", true));
    }

    [Fact]
    public async Task Muting_sends_trackMuted_and_availability_and_unpublishing_sends_trackUnpublished()
    {
        var (publisher, watcher) = await TwoInRoomAsync("prod_mute", 9004);
        await using var _ = publisher;
        await using var __ = watcher;
        var room = Host.Room(9004);
        Assert.Equal(0, await room.AddProducer("prod_mute_pub", SessionId(publisher), new RoomProducer("s1", "video", "screen", false, "VP8")));
        Assert.True((await watcher.NextEventAsync("userSubStreamAvailable")).Params().GetProperty("available").GetBoolean());

        Assert.Equal(0, await room.MuteProducer("prod_mute_pub", SessionId(publisher), "s1", true));
        var muted = (await watcher.NextEventAsync("trackMuted")).Params();
        Assert.Equal("s1", muted.Str("producerId"));
        Assert.True(muted.GetProperty("muted").GetBoolean());
        Assert.False((await watcher.NextEventAsync("userSubStreamAvailable")).Params().GetProperty("available").GetBoolean());

        Assert.Equal(0, await room.MuteProducer("prod_mute_pub", SessionId(publisher), "s1", false));
        Assert.True((await watcher.NextEventAsync("userSubStreamAvailable")).Params().GetProperty("available").GetBoolean());

        Assert.Equal(0, await room.RemoveProducer("prod_mute_pub", SessionId(publisher), "s1"));
        var unpublished = (await watcher.NextEventAsync("trackUnpublished")).Params();
        Assert.Equal("s1", unpublished.Str("producerId"));
        Assert.Equal("prod_mute_pub", unpublished.Str("identifier"));
        Assert.False((await watcher.NextEventAsync("userSubStreamAvailable")).Params().GetProperty("available").GetBoolean());
    }

    [Theory]
    [InlineData("exit")]
    [InlineData("switchRoom")]
    [InlineData("disconnected")]
    [InlineData("logout")]
    public async Task A_member_that_leaves_takes_its_producers_with_it_before_memberExited(string how)
    {
        var roomId = 9100 + how.Length;
        var (publisher, watcher) = await TwoInRoomAsync("prod_leave_" + how[..4], roomId);
        await using var __ = watcher;
        Assert.Equal(0, await Host.Room(roomId).AddProducer("prod_leave_" + how[..4] + "_pub", SessionId(publisher), Camera("L" + how)));
        await watcher.NextEventAsync("trackPublished");

        switch (how)
        {
            case "exit":
                await publisher.CallAsync("exitRoom");
                break;
            case "switchRoom":
                await publisher.CallAsync("switchRoom", new { roomId = roomId + 1000 });
                break;
            case "logout":
                await publisher.CallAsync("logout");
                break;
            default:
                await publisher.DisposeAsync();
                break;
        }

        var exited = await watcher.NextEventAsync("memberExited");
        // One ordered stream: trackUnpublished was already there when memberExited arrived.
        Assert.True(watcher.HasReceived(m => m.TryGetProperty("method", out var method) && method.GetString() == "trackUnpublished"
            && m.Params().Str("producerId") == "L" + how));
        Assert.Equal(how, exited.Params().Str("reason"));
        Assert.Null(await Host.Room(roomId).FindProducer("L" + how));
        await publisher.DisposeAsync();
    }
}
