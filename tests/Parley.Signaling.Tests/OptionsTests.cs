using Microsoft.Extensions.Options;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

public sealed class OptionsTests
{
    [Fact]
    public async Task A_heartbeat_timeout_not_above_the_interval_stops_the_host_from_starting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SignalingTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Signaling:HeartbeatInterval"] = "00:00:30",
            ["Signaling:HeartbeatTimeout"] = "00:00:10",
        }));
        Assert.Contains("HeartbeatTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_heartbeat_settings_are_announced_at_login()
    {
        await using var host = await SignalingTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Signaling:HeartbeatInterval"] = "00:00:05",
            ["Signaling:HeartbeatTimeout"] = "00:00:12",
        });
        await using var client = await host.LoginAsync("opt_user");
        Assert.Equal(5_000, client.LoginResult.GetProperty("heartbeatIntervalMs").GetInt32());
        Assert.Equal(12_000, client.LoginResult.GetProperty("heartbeatTimeoutMs").GetInt32());
    }
}
