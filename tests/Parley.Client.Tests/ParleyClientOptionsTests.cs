namespace Parley.Client.Tests;

public class ParleyClientOptionsTests
{
    [Theory]
    [InlineData("http://localhost:7400/ws")]
    [InlineData("ftp://localhost/ws")]
    public void A_server_uri_that_is_not_ws_or_wss_is_rejected(string uri)
    {
        Assert.Throws<ArgumentException>(() => new ParleyClient(new ParleyClientOptions { ServerUri = new Uri(uri) }));
    }

    [Fact]
    public void An_unknown_platform_is_rejected() // R4.2: roles are per platform, so the platform must be a known one
    {
        Assert.Throws<ArgumentException>(() => new ParleyClient(new ParleyClientOptions { Platform = "amiga" }));
    }

    [Fact]
    public void Non_positive_timeouts_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ParleyClient(new ParleyClientOptions { RequestTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new ParleyClient(new ParleyClientOptions { ReconnectInitialDelay = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentException>(() => new ParleyClient(new ParleyClientOptions
        {
            ReconnectInitialDelay = TimeSpan.FromSeconds(2),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        }));
    }

    [Fact]
    public async Task The_platform_is_normalized_to_its_wire_spelling()
    {
        await using var client = new ParleyClient(new ParleyClientOptions { Platform = "Windows" });
        Assert.Equal("windows", client.Platform);
    }

    [Fact]
    public void The_detected_platform_is_one_the_server_knows()
    {
        Assert.Contains(ParleyClientOptions.DetectPlatform(), Protocol.Roles.Platform.All);
    }
}
