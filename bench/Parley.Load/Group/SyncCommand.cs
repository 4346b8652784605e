using System.CommandLine;
using System.Diagnostics;
using Parley.Client;
using Parley.Load.Common;

namespace Parley.Load.Group;

/// <summary>
/// <c>parley-load sync</c>: offline sync. A sender stores N one-to-one messages for a user who is offline; the user then
/// logs in with the C# SDK and catches up (<c>SyncMessagesAsync</c>, pages of 100). Reports the time to store them, the
/// time to sync them, the pages, and the server CPU of the sync.
/// </summary>
public static class SyncCommand
{
    public static Command Create()
    {
        var server = ServerUriOption.Create("Signaling endpoint", new Uri("ws://127.0.0.1:7400/ws"), "ws", "wss");
        var messages = new Option<int>("--messages") { Description = "Messages waiting for the offline user (N)", DefaultValueFactory = _ => 10_000 };
        var senders = new Option<int>("--senders") { Description = "Members sending them in parallel", DefaultValueFactory = _ => 8 };
        var serverPid = new Option<int?>("--server-pid") { Description = "Server process id: CPU of the sync" };
        var receiverKind = ReceiverOption.Create();
        var receiveThreads = ReceiverOption.CreateThreads();
        var command = new Command("sync", "Offline sync: N messages stored for an offline user, then caught up at login") { server, messages, senders, serverPid, receiverKind, receiveThreads };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var uri = parse.GetRequiredValue(server);
            var n = Math.Max(1, parse.GetValue(messages));
            var k = Math.Clamp(parse.GetValue(senders), 1, n);
            using var sigs = await DevUserSigSource.CreateAsync(uri, cancellationToken);
            using var epoll = ReceiverOption.Open(parse.GetRequiredValue(receiverKind), parse.GetValue(receiveThreads));
            await using var target = new ParleyChatTarget(uri, sigs, [], epoll);
            await target.PrepareAsync(k + 1, 0, cancellationToken);
            var receiver = new ChatReceiver(1);
            for (var m = 0; m < k; m++)
            {
                await target.ConnectAsync(m, receiver, cancellationToken);
            }

            var store = Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, k).Select(async m =>
            {
                while (Interlocked.Increment(ref next) is var i && i < n)
                {
                    await target.SendC2CAsync(m, k, ChatReceiver.TextFor(Stopwatch.GetTimestamp(), i), cancellationToken);
                }
            }));
            store.Stop();

            await using var client = new ParleyClient(new ParleyClientOptions { ServerUri = uri, Platform = "linux", SyncMessagesOnLogin = false, AutoReconnect = false });
            var received = 0;
            client.MessageReceived += (_, _) => Interlocked.Increment(ref received);
            var identifier = target.IdentifierOf(k);
            await client.LoginAsync(sigs.SdkAppId, identifier, await sigs.GetUserSigAsync(identifier, cancellationToken), cancellationToken);
            var cpuBefore = ProcessCpu.ReadOrNull(parse.GetValue(serverPid));
            var sync = Stopwatch.StartNew();
            var raised = await client.SyncMessagesAsync(cancellationToken);
            sync.Stop();
            var cpu = ProcessCpu.ReadOrNull(parse.GetValue(serverPid)) - cpuBefore;
            Console.WriteLine($"== Parley offline sync of {n:N0} C2C messages");
            Console.WriteLine($"stored by {k} senders   {store.Elapsed.TotalSeconds:0.00} s ({n / store.Elapsed.TotalSeconds:N0}/s)");
            Console.WriteLine($"synced at login        {raised:N0} messages in {sync.Elapsed.TotalSeconds:0.00} s ({raised / sync.Elapsed.TotalSeconds:N0}/s, pages of 100)");
            if (cpu is { } c)
            {
                Console.WriteLine($"server CPU of the sync {c.TotalSeconds:0.00} s ({raised / Math.Max(c.TotalSeconds, 0.001):N0} messages per core-second)");
            }

            return raised == n ? 0 : 1;
        });
        return command;
    }
}
