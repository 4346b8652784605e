using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>
/// One silo's fan-out to hundreds of sessions at once (the per-silo step hands each message to every local member's
/// send queue, and the sends run on many threads): every member gets every message once, in MsgSeq order, also
/// while messages follow each other faster than the sends finish. A guard for changes to the fan-out's threading.
/// </summary>
public sealed class LargeGroupFanOutTests : IAsyncLifetime
{
    private const int Members = 600;
    private const int Messages = 15;
    private SignalingTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SignalingTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Every_member_of_a_large_group_gets_each_message_once_in_seq_order()
    {
        var clients = new List<TestClient>();
        try
        {
            var owner = await _host.LoginAsync("wide_owner");
            clients.Add(owner);
            var groupId = (await owner.CallAsync("createGroup", new { type = "ChatRoom", name = "wide" })).Result().Str("groupId");
            for (var i = 0; i < Members; i += 50)
            {
                var batch = await Task.WhenAll(Enumerable.Range(i, 50).Select(n => _host.LoginAsync($"wide_{n}")));
                clients.AddRange(batch);
                await Task.WhenAll(batch.Select(async member =>
                    Assert.Equal("joined", (await member.CallAsync("joinGroup", new { groupId })).Result().Str("status"))));
            }

            var body = System.Text.Json.JsonDocument.Parse("""[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]""").RootElement;
            var sent = new List<long>();
            for (var i = 0; i < Messages; i++)
            {
                sent.Add((await owner.CallAsync("sendMessage", new { groupId, msgRandom = i, msgBody = body })).Result().GetProperty("msgSeq").GetInt64());
            }

            await Task.WhenAll(clients.Select(async member =>
            {
                var seqs = new List<long>();
                for (var i = 0; i < Messages; i++)
                {
                    seqs.Add((await member.NextEventAsync("messageReceived", TimeSpan.FromSeconds(60))).Params().GetProperty("msgSeq").GetInt64());
                }

                Assert.Equal(sent, seqs);
            }));
            await Task.Delay(300);
            Assert.All(clients, member => Assert.False(member.HasReceived(e =>
                e.TryGetProperty("method", out var m) && m.GetString() == "messageReceived")));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
