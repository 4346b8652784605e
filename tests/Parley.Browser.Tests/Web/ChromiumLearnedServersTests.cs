using System.Text.Json;

namespace Parley.Browser.Tests.Web;

/// <summary>
/// The browser SDK adds the nodes a login answer names (<c>servers</c>, docs/protocol.md §4.1) after the URLs the app
/// gave: the page keeps using the URL it connected to, and the learned one is there for failover (docs/cluster.md).
/// </summary>
public sealed class ChromiumLearnedServersTests(PublicUrlFixture fixture) : IClassFixture<PublicUrlFixture>
{
    [Fact]
    public async Task The_login_answer_s_servers_are_appended_after_the_app_s_url_and_the_page_stays_on_its_own()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        var json = await page.EvaluateAsync<string>(@"async () => {
            const { Parley } = await import('/sdk/parley.js');
            const { sdkAppId, userSig } = await (await fetch('/dev/usersig?identifier=learner')).json();
            const client = await Parley.connect({ sdkAppId, identifier: 'learner', userSig });
            const result = { servers: client.servers, serverUrl: client.serverUrl, answered: client.login.servers };
            client.close();
            return JSON.stringify(result);
        }");
        var result = JsonDocument.Parse(json).RootElement;
        var own = fixture.Server.WebSocketUri.AbsoluteUri;

        Assert.Equal([PublicUrlFixture.SignalingUrl], result.GetProperty("answered").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal([own, PublicUrlFixture.SignalingUrl], result.GetProperty("servers").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(own, result.GetProperty("serverUrl").GetString());
    }
}
