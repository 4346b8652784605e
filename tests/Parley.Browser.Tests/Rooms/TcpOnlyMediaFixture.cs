using Parley.Browser.Tests.Web;

namespace Parley.Browser.Tests.Rooms;

/// <summary>
/// A <see cref="BrowserFixture"/> whose server offers only its ICE-TCP candidate (<c>Media:IceTcp:TcpCandidatesOnly</c>,
/// the test/diagnostic switch): the browsers have no UDP way to the media port, as behind a firewall that blocks UDP.
/// </summary>
public sealed class TcpOnlyMediaFixture : BrowserFixture
{
    protected override IReadOnlyDictionary<string, string?> ServerSettings() => new Dictionary<string, string?>
    {
        ["Media:UdpPort"] = "0",
        ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
        ["Media:IceTcp:TcpCandidatesOnly"] = "true",
    };
}
