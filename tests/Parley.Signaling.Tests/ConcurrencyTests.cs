using Parley.Protocol.Errors;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

public sealed class ConcurrencyTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    private SignalingTestHost Host => fixture.Host;

    [Fact]
    public async Task Fifty_users_joining_a_fresh_room_at_once_yield_exactly_one_owner()
    {
        // R3.4 + R3.6 under a race.
        var clients = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Host.LoginAsync("race50_" + i)));
        try
        {
            var results = await Task.WhenAll(clients.Select(c => c.CallAsync("joinRoom", new { roomId = 2001 })));
            var joined = results.Select(r => r.Result()).ToArray();
            Assert.Single(joined, r => r.GetProperty("created").GetBoolean());
            var owners = joined.Select(r => r.Str("owner")).Distinct().ToArray();
            var owner = Assert.Single(owners);
            var creator = Assert.Single(joined, r => r.GetProperty("created").GetBoolean());
            Assert.Equal(owner, creator.GetProperty("members")[0].Str("identifier"));
            var details = await Host.RoomQueries.GetRoomAsync(TestApp.SdkAppId, 2001);
            Assert.Equal(50, details!.Members.Count);
            Assert.Single(details.Members, m => m.IsOwner);

            // protocol §4.5: the member list of the join result plus the memberEntered events that follow it give each
            // client the exact room: nobody missing, nobody twice.
            for (var i = 0; i < clients.Length; i++)
            {
                var listed = joined[i].GetProperty("members").EnumerateArray().Select(m => m.Str("identifier")).ToList();
                var entered = new List<string>();
                for (var e = listed.Count; e < 50; e++)
                {
                    entered.Add((await clients[i].NextEventAsync("memberEntered")).Params().GetProperty("member").Str("identifier"));
                }
                Assert.Equal(50, listed.Concat(entered).Distinct().Count());
                Assert.Empty(listed.Intersect(entered));
            }
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task One_identifier_joining_two_rooms_at_once_succeeds_exactly_once()
    {
        // R3.3 under a race: the user grain serializes the two joins.
        for (var round = 0; round < 5; round++)
        {
            await using var client = await Host.LoginAsync("race_two_" + round);
            // Both requests are on the wire before either answer: send them back to back.
            var first = client.CallAsync("joinRoom", new { roomId = 2100 + round * 2 });
            var second = client.CallAsync("joinRoom", new { roomId = 2101 + round * 2 });
            var responses = await Task.WhenAll(first, second);
            Assert.Single(responses, r => r.TryGetProperty("result", out _));
            Assert.Single(responses, r => r.TryGetProperty("error", out _) && r.ErrorCode() == ErrorCodes.AlreadyInRoom);
        }
    }

    [Fact]
    public async Task The_same_identifier_joining_two_rooms_from_two_sockets_ends_in_one_room()
    {
        // Two connections of one identifier racing joins: the later login replaced the earlier session, so at most
        // one of them can be in a room afterwards (R3.3 across sockets).
        var a = await Host.LoginAsync("race_sock");
        var b = await Host.LoginAsync("race_sock");
        var joins = await Task.WhenAll(a.CallAsync("joinRoom", new { roomId = 2201 }).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : default),
            b.CallAsync("joinRoom", new { roomId = 2202 }));
        var inRooms = 0;
        foreach (var room in new[] { 2201L, 2202L })
        {
            var details = await Host.RoomQueries.GetRoomAsync(TestApp.SdkAppId, room);
            inRooms += details?.Members.Count(m => m.Identifier == "race_sock") ?? 0;
        }
        Assert.Equal(1, inRooms);
        Assert.True(joins[1].TryGetProperty("result", out _));
        await a.DisposeAsync();
        await b.DisposeAsync();
    }

    [Fact]
    public async Task A_login_storm_of_one_identifier_leaves_exactly_one_live_session()
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Host.ConnectAsync()));
        try
        {
            var logins = await Task.WhenAll(clients.Select(c =>
                c.CallAsync("login", new { sdkAppId = TestApp.SdkAppId, identifier = "storm_user", userSig = Host.UserSig("storm_user"), platform = "web" })
                 .ContinueWith(t => t.IsCompletedSuccessfully)));
            // Every connection but one is told forceOffline and closed with 4001.
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (clients.Count(c => c.Closed.Task.IsCompleted) < clients.Length - 1 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            var open = clients.Where(c => !c.Closed.Task.IsCompleted).ToArray();
            var survivor = Assert.Single(open);
            Assert.All(clients.Where(c => c != survivor), c => Assert.Equal((System.Net.WebSockets.WebSocketCloseStatus)4001, c.CloseStatus));
            // The survivor is really live: it can join a room.
            Assert.True((await survivor.CallAsync("joinRoom", new { roomId = 2301 })).TryGetProperty("result", out _));
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
