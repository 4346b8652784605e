using System.Diagnostics;

namespace Parley.Testing;

/// <summary>
/// Prometheus' own checker for the exposition format: <c>promtool check metrics</c> reads the text on standard input,
/// parses it as Prometheus would, and lints it (counter names end in _total, HELP present, no reserved suffixes …).
/// Needs Debian's package (<c>scripts/install-promtool.sh</c>, which the README test command runs).
/// </summary>
public static class Promtool
{
    private const string Program = "/usr/bin/promtool";

    /// <summary>Runs <c>promtool check metrics</c> on <paramref name="text"/>; its exit code (0: valid, no lint problem) and output.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string text)
    {
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException("promtool was not found: run scripts/install-promtool.sh (the README test command ./test.sh does).");
        }

        var info = new ProcessStartInfo(Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("check");
        info.ArgumentList.Add("metrics");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start promtool");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // a hung checker must not outlive the test
            throw new TimeoutException("promtool check metrics did not finish within 60 s.");
        }

        return (process.ExitCode, (await output) + (await error));
    }
}
