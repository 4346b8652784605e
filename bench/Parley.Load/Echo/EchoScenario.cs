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
    public async Task<EchoReport> RunAsync(CancellationToken cancellationToken)
    {
        var clients = new List<EchoClient>(settings.Sessions);
        try
        {
            var options = new EchoClientOptions
            {
                ServerSrtpProfiles = settings.Profile is { } profile ? [profile] : null,
                SocketBufferBytes = 8 * 1024 * 1024,
                BatchedIo = settings.BatchedIo,
            };
            for (int i = 0; i < settings.Sessions; i++)
            {
                clients.Add(await EchoClient.ConnectAsync(settings.Server, options, cancellationToken: cancellationToken));
            }

            await log.WriteLineAsync(
                $"{clients.Count} echo sessions connected ({clients[0].SrtpProfile}, client batched I/O: {clients[0].Connection.UsesBatchedIo}); " +
                $"sending {settings.PacketsPerSecond} packets/s of {settings.PayloadBytes} bytes in frames of {settings.PacketsPerFrame}");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sender = new PacedSender(clients, settings.PacketsPerSecond, settings.PayloadBytes, settings.PacketsPerFrame);
            var sending = Task.Factory.StartNew(() => sender.Run(stop.Token), TaskCreationOptions.LongRunning);

            await Task.Delay(settings.Warmup, cancellationToken);
            long sent0 = sender.Sent;
            long received0 = CountReceived(clients);
            bool serverCpuKnown = TryReadServerCpu(out var serverCpu0);
            var toolCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();

            await Task.Delay(settings.Duration, cancellationToken);
            await stop.CancelAsync();
            await sending;
            long sent1 = sender.Sent;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // drain what is in flight
            long received1 = CountReceived(clients);
            double seconds = clock.Elapsed.TotalSeconds;
            double serverCpu = serverCpuKnown && TryReadServerCpu(out var serverCpu1) ? (serverCpu1 - serverCpu0).TotalSeconds : 0;
            double toolCpu = (Process.GetCurrentProcess().TotalProcessorTime - toolCpu0).TotalSeconds;

            return new EchoReport(
                clients.Count,
                clients[0].SrtpProfile is { } negotiated ? Parley.Srtp.SrtpProfileNames.ToName(negotiated) : null,
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

    /// <summary>Echoed RTP the sessions decrypted, from their own counters (no shared counter bumped per packet).</summary>
    private static long CountReceived(List<EchoClient> clients) => clients.Sum(client => client.Connection.GetStats().RtpPacketsIn);

    private bool TryReadServerCpu(out TimeSpan cpu)
    {
        cpu = default;
        return settings.ServerPid is { } pid && ProcessCpu.TryRead(pid, out cpu);
    }

    /// <summary>
    /// Sends video-like frames round-robin over the sessions at the total packet rate, catching up every
    /// millisecond. As a camera's encoder does, a frame's packets leave back to back: one session sends its frame in
    /// one send batch (one sendmmsg on Linux), and the next frame comes from the next session.
    /// </summary>
    private sealed class PacedSender(IReadOnlyList<EchoClient> clients, int packetsPerSecond, int payloadBytes, int packetsPerFrame)
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
                for (; issued + packetsPerFrame <= due; issued += packetsPerFrame)
                {
                    var client = clients[next];
                    var video = client.Video;
                    long failuresBefore = video.PacketsFailed;
                    using (client.Connection.BeginSendBatch())
                    {
                        for (int i = 0; i < packetsPerFrame; i++)
                        {
                            // The marker bit flags the frame's last packet; 90 kHz clock, 30 frames/s per session.
                            video.SendSynthetic(payloadBytes, timestamp, marker: i == packetsPerFrame - 1);
                        }
                    }

                    Interlocked.Add(ref _failed, video.PacketsFailed - failuresBefore);
                    Interlocked.Add(ref _sent, packetsPerFrame);
                    next = (next + 1) % clients.Count;
                    if (next == 0)
                    {
                        timestamp += 3000;
                    }
                }

                Thread.Sleep(1);
            }
        }
    }
}
