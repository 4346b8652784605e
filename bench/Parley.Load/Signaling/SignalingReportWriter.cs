using System.Globalization;
using Parley.Load.Common;

namespace Parley.Load.Signaling;

/// <summary>Prints a <see cref="SignalingReport"/> for people, with the targets of docs/benchmarks.md checked.</summary>
public static class SignalingReportWriter
{
    /// <summary>Targets on the reference 2-core machine (docs/benchmarks.md).</summary>
    public const double TargetJoinsPerSecond = 2_000;
    public const double TargetJoinP99Ms = 50;
    public const double TargetBytesPerIdleSession = 20 * 1024;

    public static void Write(SignalingReport report, TextWriter output)
    {
        var s = report.Settings;
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        Uri[] servers = [s.Server, .. s.MoreServers ?? []];
        output.WriteLine(string.Create(c, $"parley-load signaling: {s.Clients} clients, {s.Rooms} rooms, concurrency {s.Concurrency}, server {string.Join(", ", servers)}"));
        output.WriteLine(string.Create(c, $"ramp   {report.RampSeconds,8:0.00} s   logged in {report.LoggedIn}, joined {report.Joined}   logins/s {report.LoginsPerSecond,8:0}   joins/s {report.RampJoinsPerSecond,8:0}"));
        if (report.ChurnJoin.Count > 0)
        {
            output.WriteLine(string.Create(c, $"churn  {report.ChurnSeconds,8:0.00} s   joins {report.ChurnJoin.Count}   joins/s {report.ChurnJoinsPerSecond,8:0}"));
        }
        output.WriteLine();
        output.WriteLine("latency (ms)              count      mean       p50       p90       p99       max");
        foreach (var summary in new[] { report.Login, report.RampJoin, report.ChurnJoin, report.ChurnExit })
        {
            if (summary.Count > 0)
            {
                output.WriteLine(string.Create(c, $"{summary.Name,-22} {summary.Count,8} {summary.MeanMs,9:0.00} {summary.P50Ms,9:0.00} {summary.P90Ms,9:0.00} {summary.P99Ms,9:0.00} {summary.MaxMs,9:0.00}"));
            }
        }
        output.WriteLine();
        if (report.Errors.Count == 0)
        {
            output.WriteLine("errors: none");
        }
        else
        {
            output.WriteLine("errors:");
            foreach (var error in report.Errors)
            {
                output.WriteLine(string.Create(c, $"  {error.Operation,-10} {error.Code,7} x{error.Count}  {error.Description}"));
            }
        }
        output.WriteLine(string.Create(c, $"unexpected disconnects: {report.UnexpectedDisconnects}"));
        if (report.ServerBytesPerIdleSession is double perSession)
        {
            var which = servers.Length > 1 ? " (first node)" : "";
            output.WriteLine(string.Create(c, $"server RSS{which}: {Mb(report.ServerRssBaselineBytes!.Value)} before, {Mb(report.ServerRssIdleBytes!.Value)} with {report.SessionsOnFirstServer} idle sessions = {perSession / 1024:0.0} KB per idle session"));
        }
        else if (s.ServerPid is not null)
        {
            output.WriteLine(string.Create(c, $"server RSS: /proc/{s.ServerPid}/status could not be read"));
        }
        output.WriteLine(string.Create(c, $"load tool RSS: {Mb(report.LoadToolRssBytes)}"));
        if (report.ChurnJoin.Count > 0)
        {
            // CPU per exit+join pair: comparable across runs even when other processes share the cores.
            var pairs = report.ChurnJoin.Count;
            if (report.ServerCpuSecondsDuringChurn is double serverCpu)
            {
                var nodes = 1 + (s.MoreServerPids?.Count ?? 0);
                output.WriteLine(string.Create(c, $"server CPU: {serverCpu:0.00} s over the {report.ChurnSeconds:0.0} s churn = {report.ServerCoresDuringChurn:0.00} cores ({nodes} node(s), {serverCpu * 1000 / pairs:0.000} ms per exit+join)"));
                if (report.JoinsPerServerCoreSecond is double perCoreSecond)
                {
                    output.WriteLine(string.Create(c, $"joins per server core-second: {perCoreSecond:N0}"));
                }
            }
            output.WriteLine(string.Create(c, $"churn CPU: load tool {report.LoadToolCpuSecondsDuringChurn:0.0} s ({report.LoadToolCpuSecondsDuringChurn / report.ChurnSeconds:0.00} cores, {report.LoadToolCpuSecondsDuringChurn * 1000 / pairs:0.000} ms per exit+join)"));
        }
        output.WriteLine();
        var joinRate = report.ChurnJoin.Count > 0 ? report.ChurnJoinsPerSecond : report.RampJoinsPerSecond;
        var joinP99 = report.ChurnJoin.Count > 0 ? report.ChurnJoin.P99Ms : report.RampJoin.P99Ms;
        output.WriteLine(string.Create(c, $"target joins/s >= {TargetJoinsPerSecond:0}: {Verdict(joinRate >= TargetJoinsPerSecond)} ({joinRate:0})"));
        output.WriteLine(string.Create(c, $"target join p99 < {TargetJoinP99Ms:0} ms: {Verdict(joinP99 < TargetJoinP99Ms)} ({joinP99:0.00} ms)"));
        if (report.ServerBytesPerIdleSession is double bytes)
        {
            // A falling RSS means the GC gave memory back during the ramp: the delta then says nothing about sessions.
            var verdict = bytes <= 0 ? "INCONCLUSIVE (RSS fell during the ramp; measure on a freshly started, warmed-up server)" : Verdict(bytes < TargetBytesPerIdleSession);
            output.WriteLine(string.Create(c, $"target < {TargetBytesPerIdleSession / 1024:0} KB per idle session: {verdict} ({bytes / 1024:0.0} KB)"));
        }
    }

    private static string Verdict(bool met) => met ? "MET" : "NOT MET";

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
