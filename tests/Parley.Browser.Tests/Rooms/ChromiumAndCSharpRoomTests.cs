using System.Buffers.Binary;
using System.Text.Json;
using Parley.Browser.Tests.Web;
using Parley.Client;
using Parley.Client.Media;
using Parley.Client.Media.Rooms;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Rooms;

/// <summary>Issue 8 proof: a browser page and a <see cref="ParleyClient"/> in one room see each other (R3.1).</summary>
public sealed class ChromiumAndCSharpRoomTests(BrowserFixture fixture, ITestOutputHelper output) : DemoPageTests(fixture.NewPageAsync, output), IClassFixture<BrowserFixture>
{
    /// <summary>Encodes 60 frames of a moving gradient with the browser's own VP8 encoder (WebCodecs): a real bitstream.</summary>
    private const string EncodeVp8Clip = """
        async () => {
          const chunks = [];
          const encoder = new VideoEncoder({
            output: (chunk) => { const data = new Uint8Array(chunk.byteLength); chunk.copyTo(data); chunks.push({ key: chunk.type === 'key', data: btoa(String.fromCharCode(...data)) }); },
            error: (e) => { throw e; },
          });
          encoder.configure({ codec: 'vp8', width: 320, height: 240, bitrate: 300_000, framerate: 30 });
          const canvas = new OffscreenCanvas(320, 240);
          const g = canvas.getContext('2d');
          for (let i = 0; i < 60; i++) {
            g.fillStyle = `hsl(${i * 6}, 80%, 50%)`; g.fillRect(0, 0, 320, 240);
            g.fillStyle = '#fff'; g.fillRect((i * 5) % 300, 100, 20, 40);
            const frame = new VideoFrame(canvas, { timestamp: i * 33_333 });
            encoder.encode(frame, { keyFrame: i % 30 === 0 });
            frame.close();
          }
          await encoder.flush();
          return JSON.stringify(chunks);
        }
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "parley-browser-csharp-" + Guid.NewGuid().ToString("N"));
    public override Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_demo_page_and_a_dotnet_client_see_each_other_in_one_room()
    {
        int room = Random.Shared.Next(100_000, 9_000_000);
        var (browserId, dotnetId) = ($"web_{room}", $"dotnet_{room}");
        var page = await Pages.OpenAsync("web", $"identifier={browserId}&room={room}&autojoin=1");
        var clip = Path.Combine(_directory, "clip.ivf");
        await File.WriteAllBytesAsync(clip, Ivf(await page.EvaluateAsync<string>(EncodeVp8Clip)));

        await using var client = new ParleyClient(new ParleyClientOptions { ServerUri = fixture.Server.WebSocketUri, Platform = "linux" });
        var received = new Dictionary<MediaSource, int>();
        var firstVideoFrameIsKey = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.RemoteTrackAdded += (_, e) =>
        {
            if (e.Track.Identifier != browserId)
            {
                return;
            }

            e.Track.FrameReceived += (_, frame) =>
            {
                lock (received)
                {
                    received[e.Track.Source] = received.GetValueOrDefault(e.Track.Source) + 1;
                }

                if (e.Track.Source == MediaSource.Camera)
                {
                    firstVideoFrameIsKey.TrySetResult(frame.IsKeyFrame);
                }
            };
        };
        await client.LoginAsync(fixture.Server.DefaultApp.SdkAppId, dotnetId, fixture.Server.UserSig(dotnetId));
        await client.JoinRoomAsync(room);
        await client.PublishAsync(new IvfFileTrack(clip, MediaSource.Camera, loop: true));

        // The browser decodes the .NET client's VP8 …
        await DemoPages.WaitUntilAsync(page, $"{DemoPages.DecodedFrames(dotnetId)} > 20");
        // … and the .NET client gets the browser's camera as whole frames (a key frame first) and its microphone.
        Assert.True(await firstVideoFrameIsKey.Task.WaitAsync(DemoPages.Patience));
        var deadline = DateTime.UtcNow + DemoPages.Patience;
        while (DateTime.UtcNow < deadline)
        {
            lock (received)
            {
                if (received.GetValueOrDefault(MediaSource.Camera) > 20 && received.GetValueOrDefault(MediaSource.Microphone) > 20)
                {
                    break;
                }
            }

            await Task.Delay(100);
        }

        lock (received)
        {
            Output.WriteLine($".NET client received {string.Join(", ", received.Select(r => $"{r.Value} {r.Key} frames"))}");
            Assert.True(received.GetValueOrDefault(MediaSource.Camera) > 20, "camera frames from the browser");
            Assert.True(received.GetValueOrDefault(MediaSource.Microphone) > 20, "Opus packets from the browser");
        }

        // The .NET client leaves, so the page's last consumers close; its receive transport must survive that and take
        // the next publisher's video (an offer with every section stopped would have no BUNDLE group and break it).
        await client.ExitRoomAsync();
        await page.WaitForSelectorAsync($".tile[data-identifier='{dotnetId}']", new() { State = Microsoft.Playwright.WaitForSelectorState.Detached, Timeout = 10000 });
        var againId = $"again_{room}";
        await using var again = new ParleyClient(new ParleyClientOptions { ServerUri = fixture.Server.WebSocketUri, Platform = "linux" });
        await again.LoginAsync(fixture.Server.DefaultApp.SdkAppId, againId, fixture.Server.UserSig(againId));
        await again.JoinRoomAsync(room);
        await again.PublishAsync(new IvfFileTrack(clip, MediaSource.Camera, loop: true));
        await DemoPages.WaitUntilAsync(page, $"{DemoPages.DecodedFrames(againId)} > 20");
        Assert.DoesNotContain(Pages.Problems, p => p.Contains("subscriber offer", StringComparison.Ordinal));
    }

    /// <summary>An IVF file (32-byte header, 12-byte frame headers) around the browser's VP8 frames.</summary>
    private static byte[] Ivf(string chunksJson)
    {
        var chunks = JsonSerializer.Deserialize<JsonElement>(chunksJson).EnumerateArray().Select(c => Convert.FromBase64String(c.GetProperty("data").GetString()!)).ToList();
        using var file = new MemoryStream();
        var header = new byte[32];
        "DKIF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 32);
        "VP80"u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(12), 320);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(14), 240);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 30);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), (uint)chunks.Count);
        file.Write(header);
        for (var i = 0; i < chunks.Count; i++)
        {
            var frameHeader = new byte[12];
            BinaryPrimitives.WriteUInt32LittleEndian(frameHeader, (uint)chunks[i].Length);
            BinaryPrimitives.WriteUInt64LittleEndian(frameHeader.AsSpan(4), (ulong)i);
            file.Write(frameHeader);
            file.Write(chunks[i]);
        }

        return file.ToArray();
    }
}
