using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Parley.Client.Media.Rooms;
using Parley.Client.Tests.Media;
using Parley.Client.Tests.Support;
using Parley.Protocol.Errors;
using Parley.Testing;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// Recording a room without a browser (docs/recording.md): a .NET publisher's tracks, recorded by the SFU on the media
/// node through the admin API, come back as WebM files with the very frames it sent.
/// </summary>
public sealed class RecordingTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-recording-").FullName;
    private ParleyTestServer _server = null!;

    public async Task InitializeAsync() => _server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Media:UdpPort"] = "0",
        ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
    });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_recorded_room_gives_one_webm_file_per_track_holding_the_frames_the_publisher_sent()
    {
        long room = Random.Shared.Next(100_000, 9_000_000);
        var app = _server.DefaultApp.SdkAppId;
        var camera = Path.Combine(_directory, "camera.ivf");
        File.WriteAllBytes(camera, RecordingClips.Vp8Ivf(90, keyEvery: 15));
        var microphone = Path.Combine(_directory, "microphone.ogg");
        File.WriteAllBytes(microphone, MediaFileFactory.OggOpus(150).ToArray());
        var screen = Path.Combine(_directory, "screen.ivf");
        File.WriteAllBytes(screen, RecordingClips.Vp8Ivf(60, keyEvery: 10, width: 640, height: 360));
        await using var publisher = TestClients.Create(_server.WebSocketUri);
        await publisher.LoginAsync(app, "pub_" + room, _server.UserSig("pub_" + room));
        await publisher.JoinRoomAsync(room);
        await publisher.PublishAsync(new IvfFileTrack(camera, MediaSource.Camera, loop: true));
        await publisher.PublishAsync(new OggOpusFileTrack(microphone, loop: true));
        using var admin = _server.CreateAdminClient();

        using var started = await admin.PostAsync(new Uri($"api/apps/{app}/rooms/{room}/recording", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var recording = await started.Content.ReadFromJsonAsync<JsonElement>(Json);
        var recordingId = recording.GetProperty("recordingId").GetString()!;
        Assert.Equal("recording", recording.GetProperty("state").GetString());
        Assert.Equal(room, recording.GetProperty("roomId").GetInt64());
        Assert.Equal($"/api/apps/{app}/recordings/{recordingId}", started.Headers.Location?.OriginalString);
        using var again = await admin.PostAsync(new Uri($"api/apps/{app}/rooms/{room}/recording", UriKind.Relative), null);
        await AssertErrorAsync(again, HttpStatusCode.Conflict, ErrorCodes.RecordingAlreadyStarted);

        await WaitForAsync(admin, app, recordingId, info => Files(info).Count(file => file.GetProperty("frames").GetInt64() > 40) == 2);

        // A source published mid-recording gets a file of its own, finished when it is unpublished.
        var screenTrack = new IvfFileTrack(screen, MediaSource.Screen, loop: true);
        await publisher.PublishAsync(screenTrack);
        await WaitForAsync(admin, app, recordingId, info => Files(info).Any(file => file.GetProperty("source").GetString() == "screen" && file.GetProperty("frames").GetInt64() > 20));
        await publisher.UnpublishAsync(screenTrack);
        await WaitForAsync(admin, app, recordingId, info => Files(info).Any(file => file.GetProperty("source").GetString() == "screen" && file.GetProperty("complete").GetBoolean()));

        using var stopped = await admin.DeleteAsync(new Uri($"api/apps/{app}/rooms/{room}/recording", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        var final = await stopped.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal("stopped", final.GetProperty("state").GetString());
        Assert.Equal("requested", final.GetProperty("stopReason").GetString());
        var files = Files(final).ToDictionary(file => file.GetProperty("fileName").GetString()!);
        Assert.Equal([$"pub_{room}-camera.webm", $"pub_{room}-microphone.webm", $"pub_{room}-screen.webm"], files.Keys.Order());
        Assert.All(files.Values, file => Assert.True(file.GetProperty("complete").GetBoolean()));
        using var stopAgain = await admin.DeleteAsync(new Uri($"api/apps/{app}/rooms/{room}/recording", UriKind.Relative));
        await AssertErrorAsync(stopAgain, HttpStatusCode.NotFound, ErrorCodes.RecordingNotStarted);

        // The camera's file: VP8 at the clip's size, starting on a key frame, every block one of the clip's frames.
        var cameraFile = await DownloadAsync(admin, app, recordingId, $"pub_{room}-camera.webm", "video/webm");
        var video = WebmFile.Parse(cameraFile);
        Assert.True(video.SegmentSizeKnown);
        Assert.Equal(("V_VP8", 320, 240), (video.CodecId, video.PixelWidth, video.PixelHeight));
        Assert.Equal(files[$"pub_{room}-camera.webm"].GetProperty("frames").GetInt64(), video.Blocks.Count);
        Assert.Equal(files[$"pub_{room}-camera.webm"].GetProperty("sizeBytes").GetInt64(), cameraFile.Length);
        Assert.True(video.Blocks[0].KeyFrame);
        var clipFrames = Enumerable.Range(0, 90).Select(i => Convert.ToHexString(RecordingClips.Frame(i, 15))).ToHashSet();
        Assert.All(video.Blocks, block => Assert.Contains(Convert.ToHexString(block.Data), clipFrames));
        Assert.Equal(video.Blocks.Count(block => block.KeyFrame), video.Blocks.Count(block => block.Data.Length == 1500));
        Assert.NotEmpty(video.Cues);
        Assert.InRange(video.Duration!.Value, files[$"pub_{room}-camera.webm"].GetProperty("durationMs").GetInt64() - 1,
            files[$"pub_{room}-camera.webm"].GetProperty("offsetMs").GetInt64() + files[$"pub_{room}-camera.webm"].GetProperty("durationMs").GetInt64() + 1);

        // The microphone's: Opus, each block one of the clip's packets, 20 ms apart.
        var audio = WebmFile.Parse(await DownloadAsync(admin, app, recordingId, $"pub_{room}-microphone.webm", "audio/webm"));
        Assert.Equal("A_OPUS", audio.CodecId);
        var clipPackets = Enumerable.Range(0, 150).Select(i => Convert.ToHexString(MediaFileFactory.OpusPacket(i, 80))).ToHashSet();
        Assert.All(audio.Blocks, block => Assert.Contains(Convert.ToHexString(block.Data), clipPackets));
        Assert.InRange(audio.Blocks.Count, 50, int.MaxValue);

        var screenFile = WebmFile.Parse(await DownloadAsync(admin, app, recordingId, $"pub_{room}-screen.webm", "video/webm"));
        Assert.Equal((640, 360), (screenFile.PixelWidth, screenFile.PixelHeight));

        // The listing has it, stopped; unknown recordings and files are 90052.
        var list = await admin.GetFromJsonAsync<JsonElement>($"api/apps/{app}/recordings", Json);
        var listed = Assert.Single(list.EnumerateArray(), entry => entry.GetProperty("recordingId").GetString() == recordingId);
        Assert.Equal("stopped", listed.GetProperty("state").GetString());
        using var noFile = await admin.GetAsync(new Uri($"api/apps/{app}/recordings/{recordingId}/files/nobody-camera.webm", UriKind.Relative));
        await AssertErrorAsync(noFile, HttpStatusCode.NotFound, ErrorCodes.RecordingNotFound);
        using var traversal = await admin.GetAsync(new Uri($"api/apps/{app}/recordings/{recordingId}/files/..%2Frecording.json", UriKind.Relative));
        await AssertErrorAsync(traversal, HttpStatusCode.NotFound, ErrorCodes.RecordingNotFound);
        using var noRecording = await admin.GetAsync(new Uri($"api/apps/{app}/recordings/1-20000101-000000-abcdef", UriKind.Relative));
        await AssertErrorAsync(noRecording, HttpStatusCode.NotFound, ErrorCodes.RecordingNotFound);
    }

    [Fact]
    public async Task Recording_needs_a_room_that_exists_in_an_app_that_exists()
    {
        using var admin = _server.CreateAdminClient();
        var app = _server.DefaultApp.SdkAppId;
        using var noRoom = await admin.PostAsync(new Uri($"api/apps/{app}/rooms/777001/recording", UriKind.Relative), null);
        await AssertErrorAsync(noRoom, HttpStatusCode.NotFound, ErrorCodes.RoomNotFound);
        using var noApp = await admin.PostAsync(new Uri("api/apps/999/rooms/777001/recording", UriKind.Relative), null);
        await AssertErrorAsync(noApp, HttpStatusCode.NotFound, ErrorCodes.AppNotFound);
        using var notRecording = await admin.DeleteAsync(new Uri($"api/apps/{app}/rooms/777001/recording", UriKind.Relative));
        await AssertErrorAsync(notRecording, HttpStatusCode.NotFound, ErrorCodes.RecordingNotStarted);
    }

    private static List<JsonElement> Files(JsonElement recording) => [.. recording.GetProperty("files").EnumerateArray()];

    private static async Task<byte[]> DownloadAsync(HttpClient admin, long app, string recordingId, string fileName, string contentType)
    {
        using var response = await admin.GetAsync(new Uri($"api/apps/{app}/recordings/{recordingId}/files/{fileName}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task WaitForAsync(HttpClient admin, long app, string recordingId, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonElement info = default;
        while (DateTime.UtcNow < deadline)
        {
            info = await admin.GetFromJsonAsync<JsonElement>($"api/apps/{app}/recordings/{recordingId}", Json);
            if (condition(info))
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail("The recording did not get there in 30 s: " + info);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, int code)
    {
        Assert.Equal(status, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal(code, error.GetProperty("code").GetInt32());
    }
}
