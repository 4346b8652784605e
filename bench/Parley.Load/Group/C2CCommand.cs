using System.CommandLine;
using System.Diagnostics;
using Parley.Load.Common;

namespace Parley.Load.Group;

/// <summary>
/// <c>parley-load c2c</c>: one-to-one throughput. 2·P members connect; member i (i &lt; P) sends to member P + i as fast as
/// acknowledgements come back (one message in flight per pair: the SDKs' pattern). Reports messages/s, server CPU per
/// message, send acknowledgement and send→receive latency.
/// </summary>
public static class C2CCommand
{
    public static Command Create()
    {
        var server = ServerUriOption.Create("Signaling endpoint", new Uri("ws://127.0.0.1:7400/ws"), "ws", "wss");
        var pairs = new Option<int>("--pairs") { Description = "Sender → receiver pairs (P)", DefaultValueFactory = _ => 50 };
        var duration = new Option<string>("--duration") { Description = "Measured time, e.g. 15s", DefaultValueFactory = _ => "15s" };
        var serverPid = new Option<int?>("--server-pid") { Description = "Server process id: CPU per message" };
        var receiverKind = ReceiverOption.Create();
        var receiveThreads = ReceiverOption.CreateThreads();
        var command = new Command("c2c", "One-to-one message throughput: messages/s, server CPU per message, latency") { server, pairs, duration, serverPid, receiverKind, receiveThreads };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!DurationParser.TryParse(parse.GetValue(duration), out var window))
            {
                await Console.Error.WriteLineAsync("--duration: use e.g. 15s.");
                return 2;
            }

            var uri = parse.GetRequiredValue(server);
            var p = Math.Max(1, parse.GetValue(pairs));
            using var sigs = await DevUserSigSource.CreateAsync(uri, cancellationToken);
            using var epoll = ReceiverOption.Open(parse.GetRequiredValue(receiverKind), parse.GetValue(receiveThreads));
            await using var target = new ParleyChatTarget(uri, sigs, [], epoll);
            await target.PrepareAsync(2 * p, 0, cancellationToken);
            var receiver = new ChatReceiver(5_000_000);
            await Parallel.ForEachAsync(Enumerable.Range(0, 2 * p), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
                async (m, token) => await target.ConnectAsync(m, receiver, token));

            var ack = new LatencyRecorder("send acknowledged", 5_000_000);
            long sent = 0;
            long refused = 0;
            using var stop = new CancellationTokenSource(window);
            var cpuBefore = ProcessCpu.ReadOrNull(parse.GetValue(serverPid));
            receiver.OpenWindow(Stopwatch.GetTimestamp());
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, p).Select(async i =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var start = Stopwatch.GetTimestamp();
                    try
                    {
                        await target.SendC2CAsync(i, p + i, ChatReceiver.TextFor(start, n), CancellationToken.None);
                    }
                    catch (InvalidOperationException)
                    {
                        // Refused, e.g. 90006 over the connection's request rate (Signaling:RateLimitPerSecond): wait a
                        // little, as a client would, instead of spinning into the flood close (4008).
                        Interlocked.Increment(ref refused);
                        await Task.Delay(50, CancellationToken.None);
                        continue;
                    }

                    ack.RecordSince(start);
                    Interlocked.Increment(ref sent);
                }
            }));
            receiver.CloseWindow(Stopwatch.GetTimestamp());
            clock.Stop();
            await Task.Delay(1000, cancellationToken);
            var cpu = ProcessCpu.ReadOrNull(parse.GetValue(serverPid)) - cpuBefore;
            var seconds = clock.Elapsed.TotalSeconds;
            var a = ack.Summarize();
            var l = receiver.Latency.Summarize();
            Console.WriteLine($"== Parley C2C: {p} pairs, one message in flight each, {seconds:0.0} s");
            Console.WriteLine($"sent (stored, acknowledged)  {sent:N0} = {sent / seconds:N0}/s; delivered {receiver.Delivered:N0}; refused {refused:N0}");
            if (cpu is { } c)
            {
                Console.WriteLine($"server CPU                   {c.TotalSeconds:0.00} s = {c.TotalSeconds / seconds:0.00} cores; {sent / c.TotalSeconds:N0} messages per core-second");
            }

            Console.WriteLine($"send ack ms                  p50 {a.P50Ms:0.00}  p99 {a.P99Ms:0.00}");
            Console.WriteLine($"send→receive ms              p50 {l.P50Ms:0.00}  p99 {l.P99Ms:0.00}");
            return sent > 0 ? 0 : 1;
        });
        return command;
    }
}
