using System.Diagnostics;
using Parley.Load.Common;

namespace Parley.Load.Group;

/// <summary>
/// Group fan-out: M members in G groups, all connected; in each group K senders send R messages/s in total. Phases:
/// (1) prepare groups and memberships; (2) connect everyone, <c>concurrency</c> at a time; (3) warm up; (4) measure for
/// <c>duration</c>: every delivery of a message sent inside the window is counted with its send→receive latency, and
/// the server's CPU time over the window gives deliveries per server core-second; (5) let the last sends drain.
/// </summary>
public sealed class GroupScenario(GroupSettings settings, IChatTarget target, TextWriter progress)
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(8);

    public async Task<GroupReport> RunAsync(CancellationToken cancellationToken)
    {
        var perGroup = (double)settings.Members / settings.Groups;
        var expectedPerSecond = settings.RatePerGroup * settings.Groups * perGroup;
        var receiver = new ChatReceiver((int)Math.Clamp(expectedPerSecond * (settings.Duration.TotalSeconds + 5), 1_000, 50_000_000));

        progress.WriteLine($"[{target.Name} 1/5] {settings.Groups} group(s), {settings.Members} members");
        await target.PrepareAsync(settings.Members, settings.Groups, cancellationToken).ConfigureAwait(false);

        // Keep-alives run from the first connection on: on a busy machine connecting 10,000 members can take longer than
        // the server's heartbeat timeout (30 s), which closed the first members before the run began.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keepAlive = KeepAliveLoopAsync(stop.Token);
        progress.WriteLine($"[{target.Name} 2/5] connect {settings.Members} members, {settings.Concurrency} at a time");
        var connected = 0;
        var connect = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Members),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken }, async (member, token) =>
            {
                await target.ConnectAsync(member, receiver, token).ConfigureAwait(false);
                if (Interlocked.Increment(ref connected) % 2_000 == 0)
                {
                    progress.WriteLine($"      {connected} connected");
                }
            }).ConfigureAwait(false);
        connect.Stop();
        progress.WriteLine($"      {connected} connected in {connect.Elapsed.TotalSeconds:0.0} s");

        var sendAck = new LatencyRecorder("send acknowledged", (int)Math.Clamp(settings.RatePerGroup * settings.Groups * (settings.Duration + settings.Warmup).TotalSeconds * 2, 1_000, 10_000_000));
        long sent = 0, sendErrors = 0;
        var senders = Enumerable.Range(0, settings.Groups)
            .SelectMany(g => Enumerable.Range(0, settings.SendersPerGroup).Select(k => g + k * settings.Groups))
            .Where(member => member < settings.Members)
            .Select(member => SendLoopAsync(member, settings.RatePerGroup / settings.SendersPerGroup, sendAck,
                start => { if (receiver.InWindow(start)) Interlocked.Increment(ref sent); }, () => Interlocked.Increment(ref sendErrors), stop.Token))
            .ToList();

        progress.WriteLine($"[{target.Name} 3/5] warm up {settings.Warmup.TotalSeconds:0.#} s at {settings.RatePerGroup:0.#} msg/s per group");
        await Task.Delay(settings.Warmup, cancellationToken).ConfigureAwait(false);

        progress.WriteLine($"[{target.Name} 4/5] measure {settings.Duration.TotalSeconds:0.#} s (expecting {expectedPerSecond:N0} deliveries/s)");
        var cpuBefore = ReadServerCpu();
        var toolCpuBefore = ReadToolCpu();
        var window = Stopwatch.StartNew();
        receiver.OpenWindow(Stopwatch.GetTimestamp());
        await Task.Delay(settings.Duration, cancellationToken).ConfigureAwait(false);
        receiver.CloseWindow(Stopwatch.GetTimestamp());
        progress.WriteLine($"[{target.Name} 5/5] drain {Drain.TotalSeconds:0} s");
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(senders).ConfigureAwait(false);
        await Task.Delay(Drain, cancellationToken).ConfigureAwait(false);
        window.Stop();
        var cpu = ReadServerCpu() - cpuBefore;
        var toolCpu = ReadToolCpu() - toolCpuBefore;
        await keepAlive.ConfigureAwait(false);
        var sentInWindow = Interlocked.Read(ref sent);

        // Deliveries counted are those of messages sent in the window; the server did that work within window + drain.
        var delivered = receiver.Delivered;
        var seconds = settings.Duration.TotalSeconds;
        return new GroupReport(
            target.Name,
            settings,
            connected,
            connect.Elapsed.TotalSeconds,
            sentInWindow,
            Interlocked.Read(ref sendErrors),
            (long)Math.Round(sentInWindow * perGroup),
            delivered,
            seconds,
            window.Elapsed.TotalSeconds,
            delivered / seconds,
            cpu?.TotalSeconds,
            cpu is { TotalSeconds: > 0 } c ? delivered / c.TotalSeconds : null,
            receiver.Latency.Summarize(),
            sendAck.Summarize(),
            toolCpu.TotalSeconds);
    }

    private async Task SendLoopAsync(int member, double perSecond, LatencyRecorder ack, Action<long> onSent, Action onError, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        var next = Stopwatch.GetTimestamp();
        for (var n = 0; !cancellationToken.IsCancellationRequested; n++)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                // Not cancelled mid-flight: a message on its way is still counted when its answer comes.
                await target.SendAsync(member, ChatReceiver.TextFor(start, n), CancellationToken.None).ConfigureAwait(false);
                ack.RecordSince(start);
                onSent(start);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Net.WebSockets.WebSocketException or TimeoutException or IOException)
            {
                onError();
            }

            next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task KeepAliveLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(KeepAliveInterval, cancellationToken).ConfigureAwait(false);
                await target.KeepAliveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The CPU time of the server process, plus that of every other node of the cluster under test.</summary>
    /// <summary>The tool's own CPU: it shares the machine with the server, so what it takes per delivery matters too.</summary>
    private static TimeSpan ReadToolCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private TimeSpan? ReadServerCpu() => ProcessCpu.ReadTotalOrNull(settings.ServerPid, settings.MoreServerPids);
}
