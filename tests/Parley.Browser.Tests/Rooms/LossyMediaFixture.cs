using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Parley.Browser.Tests.Web;
using Parley.Testing;

namespace Parley.Browser.Tests.Rooms;

/// <summary>
/// A <see cref="BrowserFixture"/> whose media path runs through a <see cref="UdpImpairmentRelay"/> dropping 5 % of
/// RTP packets in each direction. The server binds 127.0.0.1:P and announces 127.0.0.2, where the relay listens on the
/// same port P; the relay's upstream sockets use 127.0.0.3.
/// </summary>
public sealed class LossyMediaFixture : BrowserFixture, IAsyncDisposable
{
    public const double LossRate = 0.05;

    private UdpImpairmentRelay? _relay;

    public UdpImpairmentRelay Relay => _relay ?? throw new InvalidOperationException("Not started.");

    protected override IReadOnlyDictionary<string, string?> ServerSettings()
    {
        var relayAddress = IPAddress.Parse("127.0.0.2");
        var port = FreeUdpPort(relayAddress);
        _relay = new UdpImpairmentRelay(
            new IPEndPoint(relayAddress, port), new IPEndPoint(IPAddress.Loopback, port), IPAddress.Parse("127.0.0.3"), LossRate, seed: 2026);
        return new Dictionary<string, string?>
        {
            ["Media:UdpPort"] = port.ToString(CultureInfo.InvariantCulture),
            ["Media:BindAddress"] = "127.0.0.1",
            ["Media:AnnouncedAddresses:0"] = relayAddress.ToString(),
        };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private static int FreeUdpPort(IPAddress address)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
