using Microsoft.Extensions.Options;
using Parley.Testing;

namespace Parley.Server.Tests;

/// <summary>Bad configuration stops the server at start with a message naming the key, as Signaling's options do.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Media:IoBatchSize", "0", "Media:IoBatchSize")]
    [InlineData("Media:IoBatchSize", "5000", "Media:IoBatchSize")]
    [InlineData("Media:SrtpProfiles", "AES_CM_128_NOPE", "Media:SrtpProfiles")]
    [InlineData("Media:AnnouncedAddresses:0", "not-an-address", "Media:AnnouncedAddresses")]
    [InlineData("Media:ConsentTimeout", "00:00:00", "Media:ConsentTimeout")]
    [InlineData("Media:IceTcp:StunTimeout", "00:00:00", "Media:IceTcp:StunTimeout")]
    [InlineData("Media:IceTcp:MaxConnectionsPerAddress", "0", "Media:IceTcp:MaxConnectionsPerAddress")]
    [InlineData("Media:Turn:Urls:0", "http://turn.example.com", "Media:Turn:Urls")]
    [InlineData("Echo:MaxSessions", "0", "Echo:MaxSessions")]
    [InlineData("Parley:ShutdownTimeoutSeconds", "0", "Parley:ShutdownTimeoutSeconds")]
    [InlineData("Metrics:Path", "metrics", "Metrics:Path")]
    [InlineData("Metrics:Path", "/api/metrics", "Metrics:Path")]
    [InlineData("Metrics:Path", "/console/metrics", "Metrics:Path")]
    [InlineData("Limits:LoginPerAddress:PerSecond", "0", "Limits:LoginPerAddress")]
    [InlineData("Limits:MessagePerApp:Burst", "0", "Limits:MessagePerApp")]
    [InlineData("Limits:ConnectionsPerAddress:Max", "0", "Limits:ConnectionsPerAddress")]
    [InlineData("Limits:TrustedProxies:0", "not-an-address", "Limits:TrustedProxies")]
    [InlineData("Limits:ExemptAddresses:0", "10.0.0.0/99", "Limits:ExemptAddresses")]
    [InlineData("Limits:MaxTrackedPartitions", "5", "Limits:MaxTrackedPartitions")]
    [InlineData("Limits:Ipv6PrefixLength", "129", "Limits:Ipv6PrefixLength")]
    [InlineData("Callbacks:RetrySchedule", "00:00:01,soon", "Callbacks:RetrySchedule")]
    [InlineData("Callbacks:AttemptTimeout", "00:00:00", "Callbacks:AttemptTimeout")]
    [InlineData("Callbacks:ClaimLease", "00:00:05", "Callbacks:ClaimLease")]
    [InlineData("Callbacks:MaxPendingPerApp", "0", "Callbacks:MaxPendingPerApp")]
    [InlineData("Recording:QueueCapacity", "1", "Recording:QueueCapacity")]
    [InlineData("Recording:ReorderDelay", "00:01:00", "Recording:ReorderDelay")]
    [InlineData("Recording:Directory", " ", "Recording:Directory")]
    [InlineData("Cluster:PublicUrl", "node1.example.com:7400", "Cluster:PublicUrl")]
    [InlineData("Cluster:PublicUrl", "ftp://node1.example.com/ws", "Cluster:PublicUrl")]
    [InlineData("Cluster:PublicUrl", "wss://node1.example.com/ws?x=1", "Cluster:PublicUrl")]
    public async Task An_invalid_setting_stops_the_server_from_starting(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ParleyTestServer.StartAsync(settings: new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
