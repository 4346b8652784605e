using System.Globalization;

namespace Parley.Load.Echo;

/// <summary>Prints an <see cref="EchoReport"/> as the lines docs/benchmarks/echo.md quotes.</summary>
public static class EchoReportWriter
{
    public static void Write(EchoReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"sessions            {report.Sessions} ({report.SrtpProfile})"));
        output.WriteLine(string.Create(c, $"target rate         {report.TargetPacketsPerSecond:N0} packets/s"));
        output.WriteLine(string.Create(c, $"window              {report.WindowSeconds:F1} s: sent {report.WindowPacketsSent:N0}, echoed {report.WindowPacketsReceived:N0}"));
        output.WriteLine(string.Create(c, $"echoed rate         {report.PacketsPerSecond:N0} packets/s"));
        output.WriteLine(string.Create(c, $"loss                {report.WindowLoss * 100:F3} %"));
        output.WriteLine(string.Create(c, $"send failures       {report.SendFailures:N0}"));
        if (report.ServerCpuSeconds > 0)
        {
            output.WriteLine(string.Create(c, $"server CPU          {report.ServerCpuSeconds:F2} s ({report.ServerCpuSeconds / report.WindowSeconds:F2} cores)"));
            output.WriteLine(string.Create(c, $"per server core     {report.PacketsPerServerCoreSecond:N0} packets/s"));
        }
        else
        {
            output.WriteLine("server CPU          unknown (pass --server-pid)");
        }

        output.WriteLine(string.Create(c, $"tool CPU            {report.ToolCpuSeconds:F2} s ({report.ToolCpuSeconds / report.WindowSeconds:F2} cores)"));
    }
}
