using Parley.Protocol.Errors;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>sendRoomMessage limits (docs/protocol.md §10.8) on a frozen clock, so the buckets never refill: 30 messages, 8 KB.</summary>
public sealed class RoomMessageLimitTests(FrozenClockHostFixture fixture) : IClassFixture<FrozenClockHostFixture>
{
    private SignalingTestHost Host => fixture.Host;

    [Fact]
    public async Task The_31st_message_within_a_second_is_rate_limited_and_not_sent()
    {
        await using var alice = await Host.LoginAsync("lim_count_a");
        await using var bob = await Host.LoginAsync("lim_count_b");
        await alice.CallAsync("joinRoom", new { roomId = 5101 });
        await bob.CallAsync("joinRoom", new { roomId = 5101 });

        for (var i = 1; i <= 30; i++)
        {
            Assert.Equal(i, (await alice.CallAsync("sendRoomMessage", new { data = "m" })).Result().GetProperty("seq").GetInt64());
        }
        Assert.Equal(ErrorCodes.RateLimited, (await alice.CallAsync("sendRoomMessage", new { data = "m" })).ErrorCode());

        for (var i = 0; i < 30; i++)
        {
            await bob.NextEventAsync("roomMessage");
        }
        await bob.CallAsync("ping");
        Assert.False(bob.HasReceived(m => m.TryGetProperty("method", out var method) && method.GetString() == "roomMessage"));
    }

    [Fact]
    public async Task More_than_8_KB_within_a_second_is_rate_limited()
    {
        await using var alice = await Host.LoginAsync("lim_bytes_a");
        await alice.CallAsync("joinRoom", new { roomId = 5102 });
        var kilobyte = new string('k', 1024);

        for (var i = 0; i < 8; i++)
        {
            (await alice.CallAsync("sendRoomMessage", new { data = kilobyte })).Result();
        }
        Assert.Equal(ErrorCodes.RateLimited, (await alice.CallAsync("sendRoomMessage", new { data = kilobyte })).ErrorCode());
        // Nothing was taken for the refused one: a 0-byte message still fits the message-count limit.
        Assert.Equal(9, (await alice.CallAsync("sendRoomMessage", new { data = "" })).Result().GetProperty("seq").GetInt64());
    }
}
