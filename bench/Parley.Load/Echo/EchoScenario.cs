using System.Diagnostics;
using Parley.Client.Media;
using Parley.Load.Common;

namespace Parley.Load.Echo;

/// <summary>
/// Loopback echo load: N <see cref="EchoClient"/> sessions send SRTP at a fixed total packet rate through the
/// server's UDP port and count what comes back. The server's CPU time (from /proc) over the measured window
/// gives packets per core-second; loss is counted over the same window.
/// </summary>
public sealed class EchoScenario(EchoSettings settings, TextWriter log)
{
    private long _received;

    public async Task<EchoReport> RunAsync(CancellationToken cancellationToken)
    {
        var clients = new List<EchoClient>(settings.Sessions);
        try
        {
            var options = new EchoClientOptions
            {
                ServerSrtpProfiles = settings.Profile is { } profile ? [profile] : null,
                SocketBufferBytes = 8 * 1024 * 1024,
            };
            for (int i = 0; i < settings.Sessions; i++)
            {
                var client = await EchoClient.ConnectAsync(settings.Server, options, cancellationToken: cancellationToken);
                client.PacketReceived += _ => Interlocked.Increment(ref _received);
                clients.Add(client);
            }

            await log.WriteLineAsync($"{clients.Count} echo sessions connected ({clients[0].SrtpProfile}); sending {settings.PacketsPerSecond} packets/s of {settings.PayloadBytes} bytes");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sender = new PacedSender(clients, settings.PacketsPerSecond, settings.PayloadBytes);
            var sending = Task.Factory.StartNew(() => sender.Run(stop.Token), TaskCreationOptions.LongRunning);

            await Task.Delay(settings.Warmup, cancellationToken);
            long sent0 = sender.Sent;
            long received0 = Interlocked.Read(ref _received);
            bool serverCpuKnown = TryReadServerCpu(out var serverCpu0);
            var toolCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();

            await Task.Delay(settings.Duration, cancellationToken);
            await stop.CancelAsync();
            await sending;
            long sent1 = sender.Sent;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // drain what is in flight
            long received1 = Interlocked.Read(ref _received);
            double seconds = clock.Elapsed.TotalSeconds;
            double serverCpu = serverCpuKnown && TryReadServerCpu(out var serverCpu1) ? (serverCpu1 - serverCpu0).TotalSeconds : 0;
            double toolCpu = (Process.GetCurrentProcess().TotalProcessorTime - toolCpu0).TotalSeconds;

            return new EchoReport(
                clients.Count,
                clients[0].SrtpProfile is { } negotiated ? Parley.WebRtc.SrtpProfileNames.ToName(negotiated) : null,
                settings.PacketsPerSecond,
                sent1,
                received1,
                sender.Failed,
                seconds,
                sent1 - sent0,
                received1 - received0,
                serverCpu,
                toolCpu);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private bool TryReadServerCpu(out TimeSpan cpu)
    {
        cpu = default;
        return settings.ServerPid is { } pid && ProcessCpu.TryRead(pid, out cpu);
    }

    /// <summary>Spreads the total packet rate round-robin over the sessions, catching up every millisecond.</summary>
    private sealed class PacedSender(IReadOnlyList<EchoClient> clients, int packetsPerSecond, int payloadBytes)
    {
        private long _sent;
        private long _failed;

        public long Sent => Interlocked.Read(ref _sent);

        public long Failed => Interlocked.Read(ref _failed);

        public void Run(CancellationToken token)
        {
            var clock = Stopwatch.StartNew();
            long issued = 0;
            int next = 0;
            uint timestamp = 0;
            while (!token.IsCancellationRequested)
            {
                long due = (long)(clock.Elapsed.TotalSeconds * packetsPerSecond);
                for (; issued < due; issued++)
                {
                    var video = clients[next].Video;
                    long failuresBefore = video.PacketsFailed;
                    // A video-like stream: 30 frames/s, about 10 packets per frame, marker on the frame's last.
                    video.SendSynthetic(payloadBytes, timestamp, marker: issued % 10 == 9);
                    if (video.PacketsFailed != failuresBefore)
                    {
                        Interlocked.Increment(ref _failed);
                    }

                    Interlocked.Increment(ref _sent);
                    next = (next + 1) % clients.Count;
                    if (issued % 10 == 9)
                    {
                        timestamp += 3000;
                    }
                }

                Thread.Sleep(1);
            }
        }
    }
}
