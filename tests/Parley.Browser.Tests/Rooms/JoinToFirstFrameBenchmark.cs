using System.Globalization;
using Parley.Browser.Tests.Web;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Rooms;

/// <summary>
/// Issue 8 benchmark: join to first decoded remote frame in Chromium on loopback, p50 and p95 over 20 joins. A figure,
/// not a timed test: it asserts only that every join decoded a frame, and is left out of ./test.sh
/// (<c>Category=Benchmark</c>). Run it with
/// <c>dotnet test tests/Parley.Browser.Tests -c Release --filter "Category=Benchmark" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class JoinToFirstFrameBenchmark(BrowserFixture fixture, ITestOutputHelper output) : DemoPageTests(fixture.NewPageAsync, output), IClassFixture<BrowserFixture>
{
    private const int Joins = 20;

    /// <summary>
    /// In a fresh page: connect and log in (not timed), then time joinRoom → the first remote video frame presented
    /// (requestVideoFrameCallback on a video element playing the remote track).
    /// </summary>
    private const string TimedJoin = """
        async ({ identifier, room, sdkAppId, userSig }) => {
          const { Parley } = await import('/sdk/parley.js');
          const client = await Parley.connect({ sdkAppId, identifier, userSig });
          const firstFrame = new Promise((resolve) => {
            client.on('remoteTrack', (t) => {
              if (t.kind !== 'video') return;
              const v = document.createElement('video');
              v.muted = true; v.autoplay = true; v.playsInline = true; v.srcObject = t.stream;
              document.body.append(v);
              v.requestVideoFrameCallback(() => resolve(performance.now()));
            });
          });
          const started = performance.now();
          await client.joinRoom(room);
          const at = await firstFrame;
          await client.logout();
          return at - started;
        }
        """;

    [Fact]
    public async Task Join_to_first_decoded_remote_frame_over_twenty_joins()
    {
        int room = Random.Shared.Next(100_000, 9_000_000);
        var publisher = await Pages.OpenAsync("publisher", $"identifier=pub_{room}&room={room}&autojoin=1");
        await DemoPages.WaitUntilAsync(publisher, "window.parleyDemo?.state?.phase === 'joined'");
        await Task.Delay(2000); // the publisher's encoder settles

        var times = new List<double>();
        for (var i = 0; i < Joins; i++)
        {
            var identifier = $"joiner{i}_{room}";
            var page = await fixture.NewPageAsync();
            await page.GotoAsync("/");
            var ms = await page.EvaluateAsync<double>(TimedJoin, new
            {
                identifier,
                room,
                sdkAppId = fixture.Server.DefaultApp.SdkAppId,
                userSig = fixture.Server.UserSig(identifier),
            });
            await page.Context.CloseAsync();
            times.Add(ms);
        }

        times.Sort();
        var p50 = times[(int)Math.Ceiling(0.50 * times.Count) - 1];
        var p95 = times[(int)Math.Ceiling(0.95 * times.Count) - 1];
        Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"join → first decoded remote frame over {times.Count} joins: p50 {p50:F0} ms, p95 {p95:F0} ms, min {times[0]:F0}, max {times[^1]:F0}"));
        Assert.Equal(Joins, times.Count);
    }
}
