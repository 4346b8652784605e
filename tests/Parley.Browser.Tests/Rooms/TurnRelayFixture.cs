using Parley.Browser.Tests.Web;
using Parley.Testing;

namespace Parley.Browser.Tests.Rooms;

/// <summary>
/// A <see cref="BrowserFixture"/> with a coturn of its own (<see cref="CoturnServer"/>, a child process killed by PID at
/// the end) that the server names in its <c>Media:Turn</c> settings, so every login hands out credentials for it.
/// </summary>
public sealed class TurnRelayFixture : BrowserFixture
{
    private CoturnServer? _turn;

    public CoturnServer Turn => _turn ?? throw new InvalidOperationException("Not started.");

    public override async Task InitializeAsync()
    {
        _turn = await CoturnServer.StartAsync();
        await base.InitializeAsync();
    }

    protected override IReadOnlyDictionary<string, string?> ServerSettings() => new Dictionary<string, string?>
    {
        ["Media:UdpPort"] = "0",
        ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
        ["Media:Turn:Urls:0"] = Turn.UdpUrl,
        ["Media:Turn:Urls:1"] = Turn.TcpUrl,
        ["Media:Turn:StaticAuthSecret"] = Turn.Secret,
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _turn?.Dispose();
    }
}
