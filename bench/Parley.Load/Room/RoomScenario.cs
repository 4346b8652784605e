using System.Buffers.Binary;
using System.Diagnostics;
using Parley.Load.Common;
using Parley.Rtp;

namespace Parley.Load.Room;

/// <summary>
/// SFU load with real SRTP: in each of R rooms, P publishers send synthetic VP8-shaped RTP (every packet a one-packet
/// key frame, so the SFU forwards from the first) at a fixed rate, and S subscribers receive every publisher. The
/// target (<see cref="IRoomTarget"/>) is Parley or a peer SFU driven the same way. Each payload carries its send time
/// (<see cref="Stopwatch.GetTimestamp"/>, same machine), so a receiver knows the packet's latency and whether it was
/// sent inside the measured window: expected = packets sent in the window × S, forwarded = those that arrived. The
/// server's CPU over the window comes from /proc.
/// </summary>
public sealed class RoomScenario(RoomSettings settings, IRoomTarget target, TextWriter log)
{
    /// <summary>Payload layout: VP8 descriptor (S=1, PID 0), VP8 header byte (P=0: key frame), then the send time.</summary>
    private const int SendTimeOffset = 2;

    private const int MaxLatencySamples = 4_000_000;

    private readonly LatencyRecorder _latency = new("send → receive", MaxLatencySamples);
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;
    private long _forwardedInWindow;

    public async Task<RoomReport> RunAsync(CancellationToken cancellationToken)
    {
        await using (target)
        {
            var sinks = await target.ConnectAsync(settings, OnRtp, log, cancellationToken);
            await log.WriteLineAsync($"{target.Name}: sending");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pacer = new Pacer(sinks, settings.PacketsPerSecondPerPublisher * sinks.Count, settings.PayloadBytes);
            var sending = Task.Factory.StartNew(() => pacer.Run(stop.Token), TaskCreationOptions.LongRunning);

            await Task.Delay(settings.Warmup, cancellationToken);
            var serverCpuKnown = TryReadServerCpu(out var serverCpu0);
            var toolCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var lost0 = target.PacketsLostByReceivers;
            var silent = target.SilentSubscriptions;
            if (silent > 0)
            {
                await log.WriteLineAsync($"{target.Name}: {silent} subscriptions have received nothing after the warm-up (their transport did not connect)");
            }
            var clock = Stopwatch.StartNew();
            Volatile.Write(ref _windowStart, Stopwatch.GetTimestamp());
            var sentAtStart = pacer.Sent;

            await Task.Delay(settings.Duration, cancellationToken);
            Volatile.Write(ref _windowEnd, Stopwatch.GetTimestamp());
            var sentInWindow = pacer.Sent - sentAtStart;
            var seconds = clock.Elapsed.TotalSeconds;
            var serverCpu = serverCpuKnown && TryReadServerCpu(out var serverCpu1) ? (serverCpu1 - serverCpu0).TotalSeconds : 0;
            var toolCpu = (Process.GetCurrentProcess().TotalProcessorTime - toolCpu0).TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // what was sent in the window is still arriving
            await stop.CancelAsync();
            await sending;

            return new RoomReport(
                settings,
                target.Name,
                target.SrtpProfile,
                sentInWindow,
                Interlocked.Read(ref _forwardedInWindow),
                sentInWindow * settings.Subscribers,
                target.PacketsLostByReceivers - lost0,
                silent,
                seconds,
                serverCpu,
                toolCpu,
                _latency.Summarize());
        }
    }

    /// <summary>On a subscriber's receive thread: no allocation, no lock (the recorder claims slots with Interlocked).</summary>
    private void OnRtp(ReadOnlySpan<byte> packet)
    {
        if (!RtpPacket.TryGetHeaderLength(packet, out var headerLength) || packet.Length < headerLength + SendTimeOffset + 8)
        {
            return;
        }

        var sentAt = BinaryPrimitives.ReadInt64LittleEndian(packet[(headerLength + SendTimeOffset)..]);
        if (sentAt >= Volatile.Read(ref _windowStart) && sentAt < Volatile.Read(ref _windowEnd))
        {
            Interlocked.Increment(ref _forwardedInWindow);
            _latency.RecordSince(sentAt);
        }
    }

    private bool TryReadServerCpu(out TimeSpan cpu)
    {
        cpu = default;
        return settings.ServerPid is { } pid && ProcessCpu.TryRead(pid, out cpu);
    }

    /// <summary>Sends round-robin over the publishers at the total rate, catching up every millisecond.</summary>
    private sealed class Pacer(IReadOnlyList<RtpSink> sinks, int packetsPerSecond, int payloadBytes)
    {
        // Owned by the pacer thread; every sink copies it before it returns.
        private readonly byte[] _packet = new byte[RtpPacket.FixedHeaderLength + Math.Max(payloadBytes, SendTimeOffset + 8)];
        private long _sent;

        public long Sent => Interlocked.Read(ref _sent);

        public void Run(CancellationToken token)
        {
            var sequence = new ushort[sinks.Count];
            var clock = Stopwatch.StartNew();
            long issued = 0;
            var next = 0;
            while (!token.IsCancellationRequested)
            {
                var due = (long)(clock.Elapsed.TotalSeconds * packetsPerSecond);
                for (; issued < due; issued++)
                {
                    var packet = _packet.AsSpan();
                    packet[0] = 0x80;
                    packet[1] = 0x80 | 96; // marker: each packet is a whole frame
                    BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence[next]++);
                    BinaryPrimitives.WriteUInt32BigEndian(packet[4..], (uint)(clock.ElapsedTicks * 90_000 / Stopwatch.Frequency));
                    var payload = packet[RtpPacket.FixedHeaderLength..];
                    payload[0] = 0x10; // VP8 descriptor: S=1, PID 0
                    payload[1] = 0x00; // VP8 payload header: P=0, a key frame
                    BinaryPrimitives.WriteInt64LittleEndian(payload[SendTimeOffset..], Stopwatch.GetTimestamp());
                    if (sinks[next](packet))
                    {
                        Interlocked.Increment(ref _sent);
                    }

                    next = (next + 1) % sinks.Count;
                }

                Thread.Sleep(1);
            }
        }
    }
}
