namespace Parley.WebRtc.Tests;

/// <summary>MediaOptions are checked, not silently corrected: every problem is named, and the port refuses to start on any.</summary>
public sealed class MediaOptionsTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(new MediaOptions().Validate());

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    [InlineData(-3)]
    public void An_io_batch_size_out_of_range_is_an_error_not_clamped(int size)
    {
        var options = new MediaOptions { UdpPort = 0, IoBatchSize = size };

        var error = Assert.Single(options.Validate());
        Assert.Contains("Media:IoBatchSize", error, StringComparison.Ordinal);
        var refused = Assert.Throws<ArgumentException>(() => WebRtcServer.Start(options));
        Assert.Contains("Media:IoBatchSize", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var options = new MediaOptions { UdpPort = 70000, BindAddress = "nowhere", SrtpProfiles = "ROT13", ConnectTimeout = TimeSpan.Zero, ReceiveLoops = -1 };
        options.AnnouncedAddresses.Add("example.org");

        var errors = options.Validate();

        Assert.Equal(6, errors.Count);
        foreach (var key in new[] { "UdpPort", "BindAddress", "AnnouncedAddresses", "SrtpProfiles", "ConnectTimeout", "ReceiveLoops" })
        {
            Assert.Contains(errors, error => error.Contains("Media:" + key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_ice_tcp_problem_names_its_key()
    {
        var options = new MediaOptions
        {
            IceTcp = new IceTcpOptions
            {
                Enabled = false,
                TcpCandidatesOnly = true,
                StunTimeout = TimeSpan.Zero,
                MaxConnectionsPerAddress = 0,
                MaxConnections = 0,
                SendBacklogBytes = 10,
            },
        };

        var errors = options.Validate();

        Assert.Equal(5, errors.Count);
        foreach (var key in new[] { "TcpCandidatesOnly", "StunTimeout", "MaxConnectionsPerAddress", "MaxConnections ", "SendBacklogBytes" })
        {
            Assert.Contains(errors, error => error.Contains("Media:IceTcp:" + key, StringComparison.Ordinal));
        }
    }
}
