using System.Globalization;

namespace Parley.Load.Group;

/// <summary>Prints group fan-out reports as a table (and, for two targets, their ratio).</summary>
public static class GroupReportWriter
{
    public static void Write(IReadOnlyList<GroupReport> reports, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        foreach (var r in reports)
        {
            var s = r.Settings;
            output.WriteLine();
            output.WriteLine(string.Create(c, $"== {r.Target}: {s.Members} members in {s.Groups} group(s), {s.SendersPerGroup} sender(s) per group, {s.RatePerGroup:0.#} msg/s per group"));
            output.WriteLine(string.Create(c, $"connected          {r.Connected} in {r.ConnectSeconds:0.0} s"));
            output.WriteLine(string.Create(c, $"sent in window     {r.Sent} ({r.SendErrors} send errors)"));
            var loss = r.ExpectedDeliveries > 0 ? 100.0 * (r.ExpectedDeliveries - r.Delivered) / r.ExpectedDeliveries : 0;
            output.WriteLine(string.Create(c, $"delivered          {r.Delivered:N0} of {r.ExpectedDeliveries:N0} expected ({loss:0.00} % missing)"));
            output.WriteLine(string.Create(c, $"deliveries/s       {r.DeliveriesPerSecond:N0}"));
            if (r.ServerCpuSeconds is double cpu)
            {
                output.WriteLine(string.Create(c, $"server CPU         {cpu:0.00} s over the {r.WindowSeconds:0.#} s window and its drain ({r.CpuSeconds:0.#} s) = {cpu / r.CpuSeconds:0.00} cores"));
                output.WriteLine(string.Create(c, $"per core-second    {r.DeliveriesPerServerCoreSecond:N0} deliveries"));
            }

            var toolMicros = r.Delivered > 0 ? r.ToolCpuSeconds * 1e6 / r.Delivered : 0;
            output.WriteLine(string.Create(c, $"tool CPU           {r.ToolCpuSeconds:0.00} s over the same time = {toolMicros:0.0} µs per delivery (all its threads: sending, receiving, GC)"));
            output.WriteLine(string.Create(c, $"send→receive ms    p50 {r.Latency.P50Ms:0.00}  p90 {r.Latency.P90Ms:0.00}  p99 {r.Latency.P99Ms:0.00}  max {r.Latency.MaxMs:0.00}"));
            output.WriteLine(string.Create(c, $"send ack ms        p50 {r.SendAck.P50Ms:0.00}  p99 {r.SendAck.P99Ms:0.00}"));
        }

        if (reports.Count == 2 && reports[0].DeliveriesPerServerCoreSecond is double a && reports[1].DeliveriesPerServerCoreSecond is double b && b > 0)
        {
            output.WriteLine();
            output.WriteLine(string.Create(c, $"ratio {reports[0].Target}/{reports[1].Target}: {a / b:0.00}x deliveries per server core-second"));
        }
    }
}
