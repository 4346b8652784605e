using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Parley.Browser.Tests.Web;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Rooms;

/// <summary>
/// Issue 12, "recording a room without a headless browser": two Chromium pages in a call are recorded by the SFU through
/// the admin API; each video file then plays in Chromium's own &lt;video&gt; (frames decoded, a picture size), each audio
/// file loads with a duration and plays, and ffprobe decodes every file without a complaint (docs/recording.md).
/// </summary>
public sealed class ChromiumRecordingTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly DemoPages _pages = new(fixture.NewPageAsync, output);
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-browser-recording-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _pages.CloseAllAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_call_between_two_pages_is_recorded_into_files_that_chromium_plays_and_ffprobe_decodes()
    {
        var room = Random.Shared.Next(100_000, 9_000_000);
        var app = fixture.Server.DefaultApp.SdkAppId;
        string alice = $"alice_{room}", bob = $"bob_{room}";
        // Alice sends simulcast (the recording follows her best layer), Bob one encoding.
        var alicePage = await _pages.OpenAsync("alice", $"identifier={alice}&room={room}&autojoin=1&simulcast=1");
        var bobPage = await _pages.OpenAsync("bob", $"identifier={bob}&room={room}&autojoin=1");
        await DemoPages.WaitUntilAsync(alicePage, $"{DemoPages.DecodedFrames(bob)} > 10");
        await DemoPages.WaitUntilAsync(bobPage, $"{DemoPages.DecodedFrames(alice)} > 10");

        using var admin = fixture.Server.CreateAdminClient();
        using var started = await admin.PostAsync(new Uri($"api/apps/{app}/rooms/{room}/recording", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var recordingId = (await started.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("recordingId").GetString()!;
        await Task.Delay(TimeSpan.FromSeconds(5));
        using var stopped = await admin.DeleteAsync(new Uri($"api/apps/{app}/rooms/{room}/recording", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        var recording = await stopped.Content.ReadFromJsonAsync<JsonElement>(Json);
        output.WriteLine(recording.ToString());

        var files = recording.GetProperty("files").EnumerateArray().ToDictionary(file => file.GetProperty("fileName").GetString()!);
        Assert.Equal([$"{alice}-camera.webm", $"{alice}-microphone.webm", $"{bob}-camera.webm", $"{bob}-microphone.webm"], files.Keys.Order(StringComparer.Ordinal));
        Assert.All(files.Values, file => Assert.True(file.GetProperty("complete").GetBoolean()));
        Assert.Equal(0, recording.GetProperty("packetsDropped").GetInt64());

        var player = await fixture.NewPageAsync();
        await player.GotoAsync("/");
        foreach (var (name, file) in files)
        {
            var url = $"/api/apps/{app}/recordings/{recordingId}/files/{name}";
            if (file.GetProperty("kind").GetString() == "video")
            {
                // Chromium decodes the file's frames in a <video>: played from a blob fetched with the admin token.
                var played = await player.EvaluateAsync<JsonElement>(PlayVideoScript, new { url, token = fixture.Server.AdminToken }).WaitAsync(DemoPages.Patience);
                output.WriteLine($"{name}: {played}");
                Assert.True(played.GetProperty("width").GetInt32() > 0, $"{name}: {played}");
                // Every frame is decoded; a loaded machine presents (and calls back for) only some of them.
                Assert.True(played.GetProperty("decoded").GetInt32() >= 30, $"{name}: {played}");
                Assert.True(played.GetProperty("callbacks").GetInt32() > 0, $"{name}: {played}");
                Assert.Equal(0, played.GetProperty("error").GetInt32());
            }
            else
            {
                var played = await player.EvaluateAsync<JsonElement>(PlayAudioScript, new { url, token = fixture.Server.AdminToken }).WaitAsync(DemoPages.Patience);
                output.WriteLine($"{name}: {played}");
                Assert.True(played.GetProperty("duration").GetDouble() > 3, $"{name}: {played}");
                Assert.True(played.GetProperty("played").GetDouble() > 1, $"{name}: {played}");
                Assert.Equal(0, played.GetProperty("error").GetInt32());
            }

            // And an independent reader decodes every frame without complaint.
            var path = Path.Combine(_directory, name);
            await File.WriteAllBytesAsync(path, await admin.GetByteArrayAsync(new Uri(url.TrimStart('/'), UriKind.Relative)));
            using var probe = await Ffprobe.ProbeAsync(path);
            var stream = probe.RootElement.GetProperty("streams")[0];
            Assert.Equal(file.GetProperty("kind").GetString() == "video" ? "vp8" : "opus", stream.GetProperty("codec_name").GetString());
            Assert.Equal(file.GetProperty("frames").GetInt64(), long.Parse(stream.GetProperty("nb_read_frames").GetString()!, CultureInfo.InvariantCulture));
            Assert.True(WebmFile.Read(path).Blocks.Count > 30);
        }
    }

    /// <summary>Plays a recorded video file and counts the frames Chromium presents (requestVideoFrameCallback) and decodes.</summary>
    private const string PlayVideoScript = """
        async ({ url, token }) => {
          const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
          const blob = await response.blob();
          const video = document.createElement('video');
          video.muted = true;
          document.body.append(video);
          let callbacks = 0;
          const count = () => { callbacks++; video.requestVideoFrameCallback(count); };
          video.requestVideoFrameCallback(count);
          video.src = URL.createObjectURL(blob);
          await video.play();
          await new Promise((resolve) => {
            video.addEventListener('ended', resolve, { once: true });
            setTimeout(resolve, 10000);
          });
          const result = { width: video.videoWidth, height: video.videoHeight, callbacks, decoded: video.getVideoPlaybackQuality().totalVideoFrames,
            duration: video.duration, type: blob.type, error: video.error ? video.error.code : 0 };
          video.remove();
          return result;
        }
        """;

    /// <summary>Loads a recorded audio file (its duration) and plays it for a while (time advances only while it decodes).</summary>
    private const string PlayAudioScript = """
        async ({ url, token }) => {
          const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
          const blob = await response.blob();
          const audio = document.createElement('audio');
          audio.muted = true;
          audio.src = URL.createObjectURL(blob);
          await new Promise((resolve, reject) => { audio.onloadedmetadata = resolve; audio.onerror = () => reject(new Error('audio error ' + audio.error?.code)); });
          await audio.play();
          await new Promise((resolve) => setTimeout(resolve, 1500));
          const result = { duration: audio.duration, played: audio.currentTime, type: blob.type, error: audio.error ? audio.error.code : 0 };
          audio.pause();
          return result;
        }
        """;
}
