using System.Globalization;
using Parley.Signaling.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Parley.Signaling.Tests;

/// <summary>Own host, in a non-parallel collection (<see cref="MemoryCollection"/>) so no other test's objects are live while the heap is measured.</summary>
[Collection(MemoryCollection.Name)]
public sealed class MemoryTests(ITestOutputHelper output)
{
    private const int Sessions = 200;

    [Fact]
    public async Task An_idle_logged_in_session_costs_the_server_less_than_20_KB()
    {
        await using var host = await SignalingTestHost.StartAsync();
        // Warm up every code path (JIT, pools, Orleans caches) with a first batch, then measure two more.
        await using var warmup = await IdleClients.StartAsync(host, "mem_warm_", 100);

        // The clients run in another process, so this heap holds only the server's side of each connection:
        // Kestrel connection + HttpContext + WebSocket + signaling session + user grain + observer registration.
        // One-time growth (a pool filling a new bucket, a dictionary doubling) can land in either batch, so the
        // smaller of the two increments is the steady per-session cost.
        var before = SettledHeapBytes();
        await using var first = await IdleClients.StartAsync(host, "mem_a_", Sessions);
        var middle = SettledHeapBytes();
        await using var second = await IdleClients.StartAsync(host, "mem_b_", Sessions);
        var after = SettledHeapBytes();

        var firstPerSession = (middle - before) / (double)Sessions;
        var secondPerSession = (after - middle) / (double)Sessions;
        output.WriteLine($"server managed heap per idle logged-in session: {firstPerSession / 1024:F1} KB, then {secondPerSession / 1024:F1} KB");
        // A batch can even measure negative (something unrelated gave memory back in between); only the cost matters.
        Assert.True(Math.Min(firstPerSession, secondPerSession) < 20 * 1024, $"{firstPerSession:F0} and {secondPerSession:F0} bytes per session");
    }

    /// <summary>
    /// The live managed heap once it stops moving: pools (ArrayPool trimming, Kestrel's block pool eviction) give
    /// memory back on their own schedule, and that must not land inside a measured batch.
    /// </summary>
    private static long SettledHeapBytes()
    {
        var previous = long.MaxValue;
        for (var round = 0; round < 50; round++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var now = GC.GetTotalMemory(forceFullCollection: true);
            if (Math.Abs(previous - now) < 32 * 1024)
            {
                return now;
            }
            previous = now;
            Thread.Sleep(200);
        }
        return previous;
    }

    /// <summary>A python3 process (idle_clients.py) holding logged-in connections until disposed.</summary>
    private sealed class IdleClients : IAsyncDisposable
    {
        private readonly ChildProcess _process;

        private IdleClients(ChildProcess process) => _process = process;

        public static async Task<IdleClients> StartAsync(SignalingTestHost host, string prefix, int count)
        {
            var process = ChildProcess.StartPython(
                "idle_clients.py",
                host.WebSocketUri.Host,
                host.WebSocketUri.Port.ToString(CultureInfo.InvariantCulture),
                TestApp.SdkAppId.ToString(CultureInfo.InvariantCulture));
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var identifier = prefix + i.ToString(CultureInfo.InvariantCulture);
                    await process.StandardInput.WriteLineAsync($"{identifier} {host.UserSig(identifier)}");
                }
                await process.StandardInput.WriteLineAsync();
                await process.StandardInput.FlushAsync();
                var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
                Assert.True(ready == $"ready {count}", $"idle_clients.py said '{ready}'; stderr: {process.StandardError}");
                return new IdleClients(process);
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _process.FinishAsync(TimeSpan.FromSeconds(30));
            }
            finally
            {
                await _process.DisposeAsync();
            }
        }
    }
}
