using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Parley.Client;
using Parley.Client.Media;
using Parley.Client.Media.Rooms;
using Parley.Testing;

namespace Parley.Server.Tests.Media;

/// <summary>
/// <c>parley rooms record start|list|stop|download</c> against a live server with a publishing C# client, and a
/// recording that stops by itself when nobody is in the room's media (docs/recording.md).
/// </summary>
public sealed class RecordingCommandTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-cli-record-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(ParleyTestServer server, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await Parley.Cli.Program.CreateRootCommand()
            .Parse([.. args, "--server", server.BaseUri.ToString(), "--token", server.AdminToken])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Rooms_record_starts_lists_stops_and_downloads_a_rooms_recording()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Media:UdpPort"] = "0",
            ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
        });
        var app = server.DefaultApp.SdkAppId.ToString(CultureInfo.InvariantCulture);
        await using var client = new ParleyClient(new ParleyClientOptions { ServerUri = server.WebSocketUri, Platform = "linux", RequestTimeout = TimeSpan.FromSeconds(5) });
        await client.LoginAsync(server.DefaultApp.SdkAppId, "cli_rec", server.UserSig("cli_rec"));
        await client.JoinRoomAsync(8301);
        await client.PublishAsync(Camera());

        var (startExit, started, startError) = await RunAsync(server, "rooms", "record", "start", "--sdkappid", app, "8301");
        Assert.True(startExit == 0, startError);
        Assert.Matches("^recording 8301-[0-9]{8}-[0-9]{6}-[0-9a-f]{6} of room 8301 started ", started);
        var recordingId = started.Split(' ')[1];
        var (againExit, _, againError) = await RunAsync(server, "room", "record", "start", "--sdkappid", app, "8301");
        Assert.Equal(1, againExit);
        Assert.StartsWith("error 90050 (HTTP 409)", againError, StringComparison.Ordinal);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string list;
        do
        {
            await Task.Delay(300);
            (_, list, _) = await RunAsync(server, "rooms", "record", "list", "--sdkappid", app);
        }
        while (!list.Contains("cli_rec-camera.webm", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        Assert.Contains(recordingId, list, StringComparison.Ordinal);
        Assert.Contains(" recording ", list, StringComparison.Ordinal);
        Assert.Contains("cli_rec-camera.webm VP8 320x240", list, StringComparison.Ordinal);
        Assert.Contains("(open)", list, StringComparison.Ordinal);
        await Task.Delay(1000);

        var (stopExit, stopped, stopError) = await RunAsync(server, "rooms", "record", "stop", "--sdkappid", app, "8301", "--json");
        Assert.True(stopExit == 0, stopError);
        var info = JsonSerializer.Deserialize<JsonElement>(stopped);
        Assert.Equal("stopped", info.GetProperty("state").GetString());
        var (notExit, _, notError) = await RunAsync(server, "rooms", "record", "stop", "--sdkappid", app, "8301");
        Assert.Equal(1, notExit);
        Assert.StartsWith("error 90051 (HTTP 404)", notError, StringComparison.Ordinal);

        var path = Path.Combine(_directory, "camera.webm");
        var (downloadExit, downloaded, downloadError) = await RunAsync(server, "rooms", "record", "download", "--sdkappid", app, recordingId, "cli_rec-camera.webm", "-o", path);
        Assert.True(downloadExit == 0, downloadError);
        Assert.Equal($"{path}: {new FileInfo(path).Length} bytes\n", downloaded);
        var file = WebmFile.Read(path);
        Assert.Equal(info.GetProperty("files")[0].GetProperty("frames").GetInt64(), file.Blocks.Count);
        Assert.True(file.Blocks.Count > 10);
    }

    [Fact]
    public async Task A_recording_of_a_room_nobody_sends_media_in_stops_by_itself_after_the_idle_timeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ParleyTestServer.StartAsync(time: time, settings: new Dictionary<string, string?>
        {
            ["Recording:IdleTimeout"] = "00:02:00",
        });
        var app = server.DefaultApp.SdkAppId;
        await using var client = new ParleyClient(new ParleyClientOptions { ServerUri = server.WebSocketUri, Platform = "linux", RequestTimeout = TimeSpan.FromSeconds(5) });
        await client.LoginAsync(app, "quiet", server.UserSig("quiet"));
        await client.JoinRoomAsync(8302); // a member, but nothing published: the room's media has nobody in it
        using var admin = server.CreateAdminClient();

        using var started = await admin.PostAsync(new Uri($"api/apps/{app}/rooms/8302/recording", UriKind.Relative), null);
        started.EnsureSuccessStatusCode();
        var recordingId = (await started.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("recordingId").GetString();
        time.Advance(TimeSpan.FromSeconds(119));
        await Task.Delay(300);
        Assert.Equal("recording", await StateAsync());

        time.Advance(TimeSpan.FromSeconds(2));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (await StateAsync() != "stopped")
        {
            Assert.True(DateTime.UtcNow < deadline, "the idle recording did not stop");
            await Task.Delay(100);
        }

        var recording = await admin.GetFromJsonAsync<JsonElement>($"api/apps/{app}/recordings/{recordingId}", Json);
        Assert.Equal("idle", recording.GetProperty("stopReason").GetString());
        Assert.Empty(recording.GetProperty("files").EnumerateArray());

        async Task<string?> StateAsync() =>
            (await admin.GetFromJsonAsync<JsonElement>($"api/apps/{app}/recordings/{recordingId}", Json)).GetProperty("state").GetString();
    }

    /// <summary>A looping VP8 "camera" whose key frames carry a real key-frame header (RFC 6386 §9.1), 320×240.</summary>
    private IvfFileTrack Camera()
    {
        var path = Path.Combine(_directory, "camera.ivf");
        using (var file = File.Create(path))
        {
            var writer = new IvfWriter(file, "VP80", 320, 240, 30, 1, 10);
            for (var i = 0; i < 10; i++)
            {
                var frame = new byte[i == 0 ? 2000 : 500];
                Array.Fill(frame, (byte)(i + 1));
                frame[0] = (byte)(i == 0 ? 0x10 : 0x11);
                if (i == 0)
                {
                    byte[] header = [0x9D, 0x01, 0x2A, 320 & 0xFF, 320 >> 8, 240, 0];
                    header.CopyTo(frame, 3);
                }

                writer.WriteFrame((ulong)i, frame);
            }
        }

        return new IvfFileTrack(path, MediaSource.Camera, loop: true);
    }
}
