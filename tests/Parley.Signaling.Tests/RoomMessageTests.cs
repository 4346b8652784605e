using System.Text.Json;
using Parley.Protocol.Errors;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>sendRoomMessage (docs/protocol.md §10.8): delivery to the others or to listed members, one room order, per-sender seq.</summary>
public sealed class RoomMessageTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    private SignalingTestHost Host => fixture.Host;

    private static bool IsRoomMessage(JsonElement m) =>
        !m.TryGetProperty("id", out _) && m.TryGetProperty("method", out var method) && method.GetString() == "roomMessage";

    [Fact]
    public async Task A_message_reaches_every_other_member_with_sender_cmdId_and_seq()
    {
        await using var alice = await Host.LoginAsync("msg_alice");
        await using var bob = await Host.LoginAsync("msg_bob");
        await using var carol = await Host.LoginAsync("msg_carol");
        foreach (var c in new[] { alice, bob, carol })
        {
            await c.CallAsync("joinRoom", new { roomId = 5001 });
        }

        Assert.Equal(1, (await alice.CallAsync("sendRoomMessage", new { data = "hello", cmdId = 3 })).Result().GetProperty("seq").GetInt64());
        Assert.Equal(2, (await alice.CallAsync("sendRoomMessage", new { data = "again" })).Result().GetProperty("seq").GetInt64());

        foreach (var receiver in new[] { bob, carol })
        {
            var first = (await receiver.NextEventAsync("roomMessage")).Params();
            Assert.Equal(5001, first.GetProperty("roomId").GetInt64());
            Assert.Equal("msg_alice", first.Str("from"));
            Assert.Equal(3, first.GetProperty("cmdId").GetInt32());
            Assert.Equal(1, first.GetProperty("seq").GetInt64());
            Assert.Equal("hello", first.Str("data"));
            var second = (await receiver.NextEventAsync("roomMessage")).Params();
            Assert.Equal(1, second.GetProperty("cmdId").GetInt32());
            Assert.Equal(2, second.GetProperty("seq").GetInt64());
        }
        await alice.CallAsync("ping");
        Assert.False(alice.HasReceived(IsRoomMessage));
    }

    [Fact]
    public async Task A_message_with_to_reaches_only_the_listed_members_in_the_room()
    {
        await using var alice = await Host.LoginAsync("msgto_alice");
        await using var bob = await Host.LoginAsync("msgto_bob");
        await using var carol = await Host.LoginAsync("msgto_carol");
        await using var outsider = await Host.LoginAsync("msgto_out");
        foreach (var c in new[] { alice, bob, carol })
        {
            await c.CallAsync("joinRoom", new { roomId = 5002 });
        }

        await alice.CallAsync("sendRoomMessage", new { data = "psst", to = new[] { "MSGTO_BOB", "msgto_out" } });

        Assert.Equal("psst", (await bob.NextEventAsync("roomMessage")).Params().Str("data"));
        await carol.CallAsync("ping");
        await outsider.CallAsync("ping");
        Assert.False(carol.HasReceived(IsRoomMessage));
        Assert.False(outsider.HasReceived(IsRoomMessage));
    }

    [Fact]
    public async Task Data_over_1024_bytes_is_refused_and_bad_params_are_invalid()
    {
        await using var alice = await Host.LoginAsync("msgbig_alice");
        Assert.Equal(ErrorCodes.NotInRoom, (await alice.CallAsync("sendRoomMessage", new { data = "x" })).ErrorCode());
        await alice.CallAsync("joinRoom", new { roomId = 5003 });

        Assert.Equal(1, (await alice.CallAsync("sendRoomMessage", new { data = new string('x', 1024) })).Result().GetProperty("seq").GetInt64());
        // 513 two-byte characters are 1,026 bytes of UTF-8.
        Assert.Equal(ErrorCodes.RoomMessageTooLarge, (await alice.CallAsync("sendRoomMessage", new { data = new string('é', 513) })).ErrorCode());
        Assert.Equal(ErrorCodes.InvalidParams, (await alice.CallAsync("sendRoomMessage", new { data = "x", cmdId = 11 })).ErrorCode());
        Assert.Equal(ErrorCodes.InvalidParams, (await alice.CallAsync("sendRoomMessage", new { cmdId = 1 })).ErrorCode());
    }

    [Fact]
    public async Task Concurrent_senders_are_seen_by_every_receiver_in_one_order_with_each_senders_seq_increasing()
    {
        const int perSender = 20;
        var senders = new List<TestClient>();
        for (var i = 0; i < 3; i++)
        {
            senders.Add(await Host.LoginAsync("msgord_s" + i));
        }
        await using var r1 = await Host.LoginAsync("msgord_r1");
        await using var r2 = await Host.LoginAsync("msgord_r2");
        foreach (var c in senders.Append(r1).Append(r2))
        {
            await c.CallAsync("joinRoom", new { roomId = 5004 });
        }

        await Task.WhenAll(senders.Select(async (s, i) =>
        {
            for (var n = 1; n <= perSender; n++)
            {
                Assert.Equal(n, (await s.CallAsync("sendRoomMessage", new { data = $"{i}:{n}" })).Result().GetProperty("seq").GetInt64());
            }
        }));

        async Task<List<string>> Receive(TestClient receiver)
        {
            var got = new List<string>();
            for (var k = 0; k < 3 * perSender; k++)
            {
                got.Add((await receiver.NextEventAsync("roomMessage")).Params().Str("data"));
            }
            return got;
        }
        var seen1 = await Receive(r1);
        var seen2 = await Receive(r2);
        Assert.Equal(seen1, seen2);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Enumerable.Range(1, perSender).Select(n => $"{i}:{n}"), seen1.Where(d => d.StartsWith($"{i}:", StringComparison.Ordinal)));
        }
        foreach (var s in senders)
        {
            await s.DisposeAsync();
        }
    }
}
