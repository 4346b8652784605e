using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using Parley.Testing;

namespace Parley.Browser.Tests.Rooms;

/// <summary>
/// A dev-mode server whose media path runs through a <see cref="UdpImpairmentRelay"/> dropping 5 % of RTP packets in
/// each direction, and one Chromium. The server binds 127.0.0.1:P and announces 127.0.0.2, where the relay listens on
/// the same port P; the relay's upstream sockets use 127.0.0.3.
/// </summary>
public sealed class LossyMediaFixture : IAsyncLifetime, IAsyncDisposable
{
    public const double LossRate = 0.05;

    private ParleyTestServer? _server;
    private UdpImpairmentRelay? _relay;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ParleyTestServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public UdpImpairmentRelay Relay => _relay ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var relayAddress = IPAddress.Parse("127.0.0.2");
        var port = FreeUdpPort(relayAddress);
        _relay = new UdpImpairmentRelay(
            new IPEndPoint(relayAddress, port), new IPEndPoint(IPAddress.Loopback, port), IPAddress.Parse("127.0.0.3"), LossRate, seed: 2026);
        _server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Media:UdpPort"] = port.ToString(CultureInfo.InvariantCulture),
            ["Media:BindAddress"] = "127.0.0.1",
            ["Media:AnnouncedAddresses:0"] = relayAddress.ToString(),
        });
        (_playwright, _browser) = await ChromiumLauncher.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseUri.ToString() });
        return await context.NewPageAsync();
    }

    private static int FreeUdpPort(IPAddress address)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
