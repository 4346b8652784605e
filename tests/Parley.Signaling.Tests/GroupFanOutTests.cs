using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Parley.Signaling.Abstractions;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>
/// Group fan-out across two silos (issue "Groups and messages" §4): the group grain sends each silo one batch, and each
/// silo hands the messages to the members connected there — every member gets every message once, in MsgSeq order,
/// and a member that leaves stops receiving on whichever silo it is.
/// </summary>
public sealed class GroupFanOutTests : IAsyncLifetime
{
    // One database for both servers, as in a real cluster.
    private readonly InMemoryGroupStore _groups = new();
    private readonly InMemoryMessageStore _messages = new();
    private SignalingTestHost _first = null!;
    private SignalingTestHost _second = null!;

    public async Task InitializeAsync()
    {
        _first = await SignalingTestHost.StartAsync(configureServices: Shared);
        _second = await SignalingTestHost.StartAsync(joinClusterOf: _first, configureServices: Shared);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task Members_on_both_silos_get_every_message_once_in_seq_order()
    {
        await using var alice = await _first.LoginAsync("fan_alice");
        await using var bob = await _second.LoginAsync("fan_bob");
        await using var carol = await _second.LoginAsync("fan_carol");
        await using var dave = await _first.LoginAsync("fan_dave");
        var groupId = (await alice.CallAsync("createGroup", new { type = "ChatRoom", name = "fan" })).Result().Str("groupId");
        foreach (var member in new[] { bob, carol, dave })
        {
            Assert.Equal("joined", (await member.CallAsync("joinGroup", new { groupId })).Result().Str("status"));
        }

        var body = System.Text.Json.JsonDocument.Parse("""[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]""").RootElement;
        var sent = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            sent.Add((await alice.CallAsync("sendMessage", new { groupId, msgRandom = i, msgBody = body })).Result().GetProperty("msgSeq").GetInt64());
        }

        foreach (var member in new[] { bob, carol, dave, alice })
        {
            var seqs = new List<long>();
            for (var i = 0; i < 20; i++)
            {
                seqs.Add((await member.NextEventAsync("messageReceived")).Params().GetProperty("msgSeq").GetInt64());
            }

            Assert.Equal(sent, seqs);
        }

        Assert.True(_first.GroupsDeliveredHere >= 1 && _second.GroupsDeliveredHere >= 1); // one delivery step per silo
        await carol.CallAsync("quitGroup", new { groupId });
        await alice.CallAsync("sendMessage", new { groupId, msgRandom = 99, msgBody = body });
        Assert.Equal(99u, (await bob.NextEventAsync("messageReceived")).Params().GetProperty("msgRandom").GetUInt32());
        await Task.Delay(300);
        Assert.False(carol.HasReceived(e => e.TryGetProperty("params", out var p) && p.TryGetProperty("msgRandom", out var r) && r.GetUInt32() == 99));
    }

    private void Shared(IServiceCollection services)
    {
        services.RemoveAll<IGroupStore>();
        services.RemoveAll<IMessageStore>();
        services.AddSingleton<IGroupStore>(_groups);
        services.AddSingleton<IMessageStore>(_messages);
    }
}
