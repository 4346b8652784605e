using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Web;

/// <summary>
/// Drives the web console (<c>/console</c>, docs/console.md) for a test: signing in, waiting on its
/// <c>window.parleyConsole.state</c>, and screenshots saved under the test output's <c>TestResults/console-screenshots/</c>.
/// Collects the page's console errors (a Content-Security-Policy violation is one) so tests can assert there were none.
/// </summary>
internal sealed class ConsolePage
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Where the screenshots of the console tests go: kept after the run as test artifacts.</summary>
    public static readonly string ScreenshotDirectory = Path.Combine(AppContext.BaseDirectory, "TestResults", "console-screenshots");

    private readonly List<string> _errors = [];
    private readonly ITestOutputHelper _output;

    private ConsolePage(IPage page, ITestOutputHelper output)
    {
        Page = page;
        _output = output;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        };
        PageLog.Attach(page, output);
    }

    public IPage Page { get; }

    /// <summary>
    /// Script errors and policy violations the page logged so far. Chromium also logs every HTTP error answer
    /// ("Failed to load resource"): those are answers the console handles (a refused token, a 400, an endpoint an
    /// older server lacks), so they are left out.
    /// </summary>
    public IReadOnlyList<string> Errors()
    {
        lock (_errors)
        {
            return [.. _errors.Where(e => !e.StartsWith("Failed to load resource: the server responded with a status of", StringComparison.Ordinal))];
        }
    }

    public static async Task<ConsolePage> OpenAsync(BrowserFixture fixture, ITestOutputHelper output)
    {
        var console = new ConsolePage(await fixture.NewPageAsync(), output);
        await console.Page.GotoAsync("/console");
        await console.Page.WaitForSelectorAsync("#token", new() { Timeout = (float)Patience.TotalMilliseconds });
        return console;
    }

    /// <summary>Signs in through the form, as a person would: type the token, press Enter.</summary>
    public async Task SignInAsync(string token)
    {
        await Page.FillAsync("#token", token);
        await Page.PressAsync("#token", "Enter");
        await WaitUntilAsync("() => window.parleyConsole.state.phase === 'signedIn'");
    }

    /// <summary>Goes to a section (<c>apps</c>, <c>rooms/1234</c>, …) and waits until it has rendered.</summary>
    public async Task GoAsync(string route)
    {
        var renders = await Page.EvaluateAsync<int>("() => window.parleyConsole.state.renders");
        await Page.EvaluateAsync("route => { location.hash = route; }", route);
        await WaitUntilAsync($"() => window.parleyConsole.state.renders > {renders} && window.parleyConsole.state.route === {System.Text.Json.JsonSerializer.Serialize(route)}");
    }

    public async Task WaitUntilAsync(string condition, TimeSpan? patience = null)
    {
        var timeout = patience ?? Patience;
        try
        {
            await Page.WaitForFunctionAsync(condition, null, new() { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{condition} did not become true within {timeout}; console state: {await StateAsync()}; shown error: {await ShownErrorsAsync()}");
        }
    }

    /// <summary>Waits for an element, failing with what the page shows instead.</summary>
    public async Task<IElementHandle> WaitForAsync(string selector, TimeSpan? patience = null)
    {
        var timeout = patience ?? Patience;
        try
        {
            return (await Page.WaitForSelectorAsync(selector, new() { Timeout = (float)timeout.TotalMilliseconds }))!;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{selector} did not appear within {timeout}; console state: {await StateAsync()}; shown errors: {await ShownErrorsAsync()}");
        }
    }

    public Task<string> StateAsync() =>
        Page.EvaluateAsync<string>("() => JSON.stringify(window.parleyConsole?.state ?? null, (k, v) => k === 'room' ? undefined : v)");

    /// <summary>The text of every error the page shows (banner and inline), for failure messages.</summary>
    public Task<string> ShownErrorsAsync() =>
        Page.EvaluateAsync<string>("() => [...document.querySelectorAll('.error')].map(e => e.textContent.trim()).filter(Boolean).join(' | ')");

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        _output.WriteLine($"screenshot: {path}");
    }
}
