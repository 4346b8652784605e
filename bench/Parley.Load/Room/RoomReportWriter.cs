using System.Globalization;

namespace Parley.Load.Room;

/// <summary>Prints a <see cref="RoomReport"/> for people (and for docs/benchmarks.md).</summary>
public static class RoomReportWriter
{
    public static void Write(RoomReport report, TextWriter output)
    {
        var s = report.Settings;
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"== {report.Target}");
        output.WriteLine(string.Create(c, $"rooms × publishers × subscribers: {s.Rooms} × {s.Publishers} × {s.Subscribers}; {s.PacketsPerSecondPerPublisher} packets/s of {s.PayloadBytes} B per publisher; SRTP {report.SrtpProfile ?? "as negotiated (Parley: the server's Media:SrtpProfiles order, AEAD_AES_128_GCM first by default)"}"));
        output.WriteLine(string.Create(c, $"window {report.WindowSeconds:F1} s: sent {report.WindowPacketsSent:N0}, forwarded and received {report.WindowPacketsForwarded:N0} of {report.WindowPacketsExpected:N0} expected"));
        output.WriteLine(string.Create(c, $"forwarded packets/s: {report.ForwardedPerSecond:N0}; loss {report.LossFraction:P3} (receivers' own count of sequence gaps: {report.PacketsLostByReceivers:N0}; subscriptions silent after the warm-up: {report.SilentSubscriptions})"));
        if (report.ServerCpuSeconds > 0)
        {
            output.WriteLine(string.Create(c, $"server CPU {report.ServerCpuSeconds:F2} s = {report.ServerCores:F2} cores; forwarded packets per server core-second: {report.ForwardedPerServerCoreSecond:N0}"));
        }
        else
        {
            output.WriteLine("server CPU: pass --server-pid for per-core figures");
        }

        output.WriteLine(string.Create(c, $"load tool CPU {report.ToolCpuSeconds:F2} s = {report.ToolCpuSeconds / report.WindowSeconds:F2} cores"));
        var l = report.Latency;
        output.WriteLine(string.Create(c, $"send → receive latency over {l.Count:N0} packets (client SRTP + sockets + SFU): p50 {l.P50Ms:F2} ms, p90 {l.P90Ms:F2} ms, p99 {l.P99Ms:F2} ms, max {l.MaxMs:F2} ms"));
    }

    /// <summary>The side-by-side line: Parley's figures over the peer's, per server core-second and in loss.</summary>
    public static void WriteComparison(RoomReport parley, RoomReport peer, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"== {parley.Target} vs {peer.Target}");
        if (parley.ForwardedPerServerCoreSecond > 0 && peer.ForwardedPerServerCoreSecond > 0)
        {
            output.WriteLine(string.Create(c, $"forwarded packets per server core-second: {parley.ForwardedPerServerCoreSecond:N0} vs {peer.ForwardedPerServerCoreSecond:N0} = {parley.ForwardedPerServerCoreSecond / peer.ForwardedPerServerCoreSecond:F2}×"));
        }
        else
        {
            output.WriteLine("per-core ratio: pass --server-pid and --janus-pid");
        }

        output.WriteLine(string.Create(c, $"loss {parley.LossFraction:P3} vs {peer.LossFraction:P3}; latency p50 {parley.Latency.P50Ms:F2} vs {peer.Latency.P50Ms:F2} ms, p99 {parley.Latency.P99Ms:F2} vs {peer.Latency.P99Ms:F2} ms"));
    }
}
