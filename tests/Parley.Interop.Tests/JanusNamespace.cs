using System.Diagnostics;
using System.Net;

namespace Parley.Interop.Tests;

/// <summary>
/// Runs bench/janus/janus-netns.sh: Debian's Janus in the network namespace <c>parleyjanus</c>, reached from the
/// host through a veth pair (host 10.77.0.1, namespace 10.77.0.2). Needs root (ip netns); <see cref="StartAsync"/>
/// fails with a message saying so otherwise. Disposing stops Janus and deletes the namespace.
/// </summary>
public sealed class JanusNamespace : IAsyncDisposable
{
    public static readonly IPAddress HostAddress = IPAddress.Parse("10.77.0.1");
    public static readonly Uri ApiUri = new("http://10.77.0.2:8088/janus");

    private readonly string _script;

    private JanusNamespace(string script) => _script = script;

    public static async Task<JanusNamespace> StartAsync()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException(
                "The Janus interop test needs root: bench/janus/janus-netns.sh creates a network namespace and a veth pair (ip netns). Run the tests as root.");
        }

        var janus = new JanusNamespace(FindScript());
        var (code, output) = await janus.RunAsync("start");
        if (code != 0)
        {
            await janus.DisposeAsync();
            throw new InvalidOperationException($"janus-netns.sh start failed ({code}):\n{output}");
        }

        return janus;
    }

    public async ValueTask DisposeAsync() => await RunAsync("stop");

    private async Task<(int Code, string Output)> RunAsync(string verb)
    {
        var info = new ProcessStartInfo("bash", [_script, verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // apt-get install on a bare machine
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "bench", "janus", "janus-netns.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new FileNotFoundException("bench/janus/janus-netns.sh was not found above the test's directory.");
    }
}
