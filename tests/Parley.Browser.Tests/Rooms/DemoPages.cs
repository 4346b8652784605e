using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Rooms;

/// <summary>Opens demo pages for a test and closes them after it; page console lines go to the test output.</summary>
public sealed class DemoPages(Func<Task<IPage>> newPage, ITestOutputHelper output)
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<IPage> _pages = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _problems = new();

    /// <summary>Console warnings and errors of every page so far ("[name] text").</summary>
    public IReadOnlyCollection<string> Problems => _problems;
    private volatile bool _finished;

    public async Task<IPage> OpenAsync(string name, string query)
    {
        var page = await newPage();
        _pages.Add(page);
        page.Console += (_, message) =>
        {
            if (message.Type is "warning" or "error")
            {
                _problems.Enqueue($"[{name}] {message.Text}");
            }

            if (!_finished)
            {
                try
                {
                    output.WriteLine($"[{name}] {message.Type}: {message.Text}");
                }
                catch (InvalidOperationException)
                {
                    // The test already ended.
                }
            }
        };
        await page.GotoAsync("/demo?" + query);
        return page;
    }

    /// <summary>A script expression: the decoded width of a remote participant's video tile (0 while nothing is shown).</summary>
    public static string FrameWidth(string identifier, string source = "camera") =>
        $"(() => {{ const v = document.querySelector(\".tile:not(.local) video[data-identifier='{identifier}'][data-source='{source}']\"); return v ? v.videoWidth : 0; }})()";

    /// <summary>A script expression: frames decoded from a remote participant's video (0 while nothing arrived).</summary>
    public static string DecodedFrames(string identifier, string source = "camera") =>
        $"(() => {{ const v = document.querySelector(\".tile:not(.local) video[data-identifier='{identifier}'][data-source='{source}']\"); " +
        "return v && v.videoWidth > 0 ? v.getVideoPlaybackQuality().totalVideoFrames : 0; })()";

    public static async Task WaitUntilAsync(IPage page, string condition, TimeSpan? patience = null)
    {
        var timeout = patience ?? Patience;
        try
        {
            await page.WaitForFunctionAsync(condition, null, new() { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 200 });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>("() => JSON.stringify(window.parleyDemo?.state ?? null)");
            throw new TimeoutException($"{condition} did not become true within {timeout}; demo state: {state}");
        }
    }

    /// <summary>Closes every page (its context), so none keeps sending media into the next test.</summary>
    public async Task CloseAllAsync()
    {
        _finished = true;
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }
    }
}
