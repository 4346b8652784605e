using Microsoft.Playwright;
using Parley.Testing;

namespace Parley.Browser.Tests.Web;

/// <summary>
/// One dev-mode server and one Chromium (fake camera and microphone) shared by the tests of a class. Derived fixtures
/// change the server's settings (<see cref="ServerSettings"/>) and add parts of their own.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    private ParleyTestServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ParleyTestServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Not started.");

    public virtual async Task InitializeAsync()
    {
        _server = await ParleyTestServer.StartAsync(settings: ServerSettings());
        (_playwright, _browser) = await ChromiumLauncher.LaunchAsync();
    }

    /// <summary>The server's configuration keys: by default any free media port, announced on 127.0.0.1.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ServerSettings() => new Dictionary<string, string?>
    {
        ["Media:UdpPort"] = "0",
        ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
    };

    public virtual async Task DisposeAsync()
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
    }

    /// <summary>A page in a context of its own (so two pages are two independent browser sessions).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseUri.ToString() });
        return await context.NewPageAsync();
    }
}
