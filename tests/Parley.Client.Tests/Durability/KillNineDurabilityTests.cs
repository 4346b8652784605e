using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Parley.Client.Tests.Support;
using Parley.Protocol.Chat;
using Parley.Testing;

namespace Parley.Client.Tests.Durability;

/// <summary>
/// Issue "Groups and messages", proof "Durability": the real server as a child process is killed with SIGKILL while
/// clients send group and C2C messages. After a restart on the same database, every message whose send was
/// acknowledged is there and reaches the offline member through sync, none twice — also when the sender retries the
/// send that was in flight with the same random.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class KillNineDurabilityTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Every_acknowledged_message_survives_a_kill_9_and_is_synced_exactly_once()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "parley-kill9-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (groupId, ackedGroup, ackedC2C, inFlight) = await SendUntilKilledAsync(dataDirectory);

            await using var restarted = await ServerProcess.StartAsync(dataDirectory: dataDirectory);
            await using var alice = await LoginAsync(restarted, "k9_alice", sync: false);
            // The sender retries what was in flight when the server died, with the same randoms (product-rules §6).
            foreach (var (random, isGroup) in inFlight)
            {
                _ = isGroup
                    ? await alice.SendGroupMessageAsync(groupId, MessageElements.Text("g" + random), msgRandom: random)
                    : await alice.SendC2CMessageAsync("k9_bob", MessageElements.Text("c" + random), msgRandom: random);
            }

            await using var bob = await LoginAsync(restarted, "k9_bob", sync: false);
            var received = new ConcurrentBag<ChatMessage>();
            bob.MessageReceived += (_, e) => received.Add(e.Message);
            var raised = await bob.SyncMessagesAsync();
            for (var wait = 0; received.Count < raised && wait < 200; wait++)
            {
                await Task.Delay(25); // events are raised on the client's event thread
            }

            var group = received.Where(m => m.GroupId == groupId).ToList();
            output.WriteLine($"acknowledged before the kill: {ackedGroup.Count} group, {ackedC2C.Count} C2C; in flight: {inFlight.Count}; synced: {received.Count}");
            var c2c = received.Where(m => m.ConversationType == ConversationTypes.C2C).ToList();
            Assert.Subset(group.Select(m => m.MsgSeq).ToHashSet(), ackedGroup.ToHashSet());
            Assert.Subset(c2c.Select(m => m.MsgSeq).ToHashSet(), ackedC2C.ToHashSet());
            Assert.Equal(group.Count, group.Select(m => m.MsgRandom).Distinct().Count()); // none twice, retries included
            Assert.Equal(c2c.Count, c2c.Select(m => m.MsgRandom).Distinct().Count());
            Assert.Equal(Enumerable.Range(1, group.Count).Select(i => (long)i), group.Select(m => m.MsgSeq).Order()); // no holes in MsgSeq
            Assert.True(ackedGroup.Count > 0 && ackedC2C.Count > 0, $"{ackedGroup.Count} group and {ackedC2C.Count} C2C sends were acknowledged before the kill");
        }
        finally
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Alice sends to a group (bob a member) and to bob, both at once, until the server is killed under her.</summary>
    private static async Task<(string GroupId, List<long> Group, List<long> C2C, List<(uint Random, bool Group)> InFlight)> SendUntilKilledAsync(string dataDirectory)
    {
        await using var server = await ServerProcess.StartAsync(dataDirectory: dataDirectory);
        await using var alice = await LoginAsync(server, "k9_alice", sync: false);
        var groupId = (await alice.CreateGroupAsync(new CreateGroupParams("ChatRoom", "durable", Members: ["k9_bob"]))).GroupId;
        var ackedGroup = new ConcurrentBag<long>();
        var ackedC2C = new ConcurrentBag<long>();
        var inFlight = new ConcurrentBag<(uint, bool)>();

        async Task SendLoopAsync(bool toGroup)
        {
            for (var random = toGroup ? 1u : 100_001u; ; random++)
            {
                try
                {
                    var result = toGroup
                        ? await alice.SendGroupMessageAsync(groupId, MessageElements.Text("g" + random), msgRandom: random)
                        : await alice.SendC2CMessageAsync("k9_bob", MessageElements.Text("c" + random), msgRandom: random);
                    (toGroup ? ackedGroup : ackedC2C).Add(result.MsgSeq);
                }
                catch (ParleyException ex) when (ex.Code == 10023)
                {
                    random--; // product-rules §5: 40 messages per second per group; the same message again shortly
                    await Task.Delay(50);
                }
                catch (ParleyException)
                {
                    inFlight.Add((random, toGroup)); // no answer: it may or may not have been stored
                    return;
                }
            }
        }

        var loops = Task.WhenAll(SendLoopAsync(toGroup: true), SendLoopAsync(toGroup: false));
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        server.Kill();
        await loops.WaitAsync(TimeSpan.FromSeconds(30));
        return (groupId, [.. ackedGroup], [.. ackedC2C], [.. inFlight]);
    }

    private static async Task<ParleyClient> LoginAsync(ServerProcess server, string identifier, bool sync)
    {
        using var http = server.CreateClient();
        var sig = await http.GetFromJsonAsync<JsonElement>(new Uri($"/dev/usersig?identifier={identifier}", UriKind.Relative));
        var client = TestClients.Create(server.WebSocketUri, o =>
        {
            o.SyncMessagesOnLogin = sync;
            o.MaxReconnectAttempts = 1;
        });
        await client.LoginAsync(sig.GetProperty("sdkAppId").GetInt64(), identifier, sig.GetProperty("userSig").GetString()!);
        return client;
    }
}
