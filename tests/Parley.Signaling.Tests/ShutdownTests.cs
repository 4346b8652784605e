using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_host_tells_every_session_and_closes_1001()
    {
        var host = await SignalingTestHost.StartAsync();
        await using var alice = await host.LoginAsync("stop_alice");
        await using var bob = await host.LoginAsync("stop_bob");
        await using var anonymous = await host.ConnectAsync();
        await alice.CallAsync("joinRoom", new { roomId = 6001 });
        await bob.CallAsync("joinRoom", new { roomId = 6001 });

        var stopping = host.StopAsync();
        foreach (var client in new[] { alice, bob })
        {
            Assert.Equal("The server is shutting down.", (await client.NextEventAsync("serverShuttingDown")).Params().Str("reason"));
            Assert.Equal(1001, await client.WaitClosedAsync());
        }
        Assert.Equal(1001, await anonymous.WaitClosedAsync());
        await stopping;
        await host.DisposeAsync();
    }
}
