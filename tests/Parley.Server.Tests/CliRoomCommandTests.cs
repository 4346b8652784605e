using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Parley.Client;
using Parley.Client.Media;
using Parley.Client.Media.Rooms;
using Parley.Testing;

namespace Parley.Server.Tests;

/// <summary>
/// <c>parley room list|get|dismiss|remove-users|mute</c> run in-process against a live server with media, its members
/// real C# clients (docs/admin-api.md, CLI).
/// </summary>
public sealed class CliRoomCommandTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-cli-rooms-").FullName;
    private readonly List<ParleyClient> _clients = [];
    private ParleyTestServer _server = null!;

    public async Task InitializeAsync() => _server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Media:UdpPort"] = "0",
        ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
    });

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string App => _server.DefaultApp.SdkAppId.ToString(CultureInfo.InvariantCulture);

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await Parley.Cli.Program.CreateRootCommand()
            .Parse([.. args, "--server", _server.BaseUri.ToString(), "--token", _server.AdminToken])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    private async Task<ParleyClient> JoinAsync(string identifier, long room, string platform = "linux")
    {
        var client = new ParleyClient(new ParleyClientOptions { ServerUri = _server.WebSocketUri, Platform = platform, RequestTimeout = TimeSpan.FromSeconds(5) });
        _clients.Add(client);
        await client.LoginAsync(_server.DefaultApp.SdkAppId, identifier, _server.UserSig(identifier));
        await client.JoinRoomAsync(room);
        return client;
    }

    /// <summary>A looping VP8 "camera": six frames, the first a key frame (RFC 6386 §9.1: bit 0 clear).</summary>
    private IvfFileTrack Camera()
    {
        string path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".ivf");
        using (var file = File.Create(path))
        {
            var writer = new IvfWriter(file, "VP80", 320, 240, 30, 1, 6);
            for (int i = 0; i < 6; i++)
            {
                var frame = new byte[i == 0 ? 3000 : 700];
                Array.Fill(frame, (byte)i);
                frame[0] = (byte)(i == 0 ? 0x10 : 0x11);
                writer.WriteFrame((ulong)i, frame);
            }
        }

        return new IvfFileTrack(path, MediaSource.Camera, loop: true);
    }

    private static async Task<T> NextAsync<T>(TaskCompletionSource<T> source) => await source.Task.WaitAsync(TimeSpan.FromSeconds(15));

    [Fact]
    public async Task Room_list_and_room_get_show_the_rooms_members_platforms_and_tracks()
    {
        const long Room = 8101;
        var owner = await JoinAsync("cli_Owner", Room);
        await JoinAsync("cli_phone", Room, platform: "android");
        await owner.PublishAsync(Camera());

        var (listExit, list, _) = await RunAsync("room", "list", "--sdkappid", App);
        var (getExit, text, _) = await RunAsync("room", "get", "--sdkappid", App, "8101");
        var (jsonExit, json, _) = await RunAsync("room", "get", "--sdkappid", App, "8101", "--json");

        Assert.Equal((0, 0, 0), (listExit, getExit, jsonExit));
        Assert.Contains(list.Split('\n'), line => line.StartsWith("8101 ", StringComparison.Ordinal) && line.Contains(" 2 ", StringComparison.Ordinal)
            && line.Contains("cli_Owner", StringComparison.Ordinal) && line.EndsWith(" -", StringComparison.Ordinal));
        Assert.Contains("room 8101 owner cli_Owner", text, StringComparison.Ordinal);
        Assert.Contains("  cli_Owner role default platform linux owner joined ", text, StringComparison.Ordinal);
        Assert.Contains("  cli_phone role default platform android joined ", text, StringComparison.Ordinal);
        Assert.Contains("    camera video VP8", text, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var track = document.RootElement.GetProperty("members")[0].GetProperty("tracks")[0];
        Assert.Equal("camera", track.GetProperty("source").GetString());
        Assert.Equal("android", document.RootElement.GetProperty("members")[1].GetProperty("platform").GetString());
    }

    [Fact]
    public async Task Room_mute_locks_a_members_track_and_unmute_releases_it()
    {
        const long Room = 8102;
        var speaker = await JoinAsync("cli_speaker", Room);
        var heard = new TaskCompletionSource<TrackAdminMutedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        speaker.TrackAdminMuted += (_, e) => heard.TrySetResult(e);
        var camera = Camera();
        await speaker.PublishAsync(camera);

        var (muteExit, muted, _) = await RunAsync("room", "mute", "--sdkappid", App, "8102", "cli_speaker", "--source", "camera");

        Assert.Equal(0, muteExit);
        Assert.Equal("cli_speaker's camera muted\n", muted);
        Assert.True((await NextAsync(heard)).AdminMuted);
        var (_, locked, _) = await RunAsync("room", "get", "--sdkappid", App, "8102");
        Assert.Contains("camera video VP8 muted (operator)", locked, StringComparison.Ordinal);

        var (releaseExit, released, _) = await RunAsync("room", "mute", "--sdkappid", App, "8102", "cli_speaker", "--source", "camera", "--unmute");
        var (missingExit, _, missing) = await RunAsync("room", "mute", "--sdkappid", App, "8102", "cli_speaker", "--source", "screen");
        var (badExit, _, bad) = await RunAsync("room", "mute", "--sdkappid", App, "8102", "cli_speaker", "--source", "speaker");

        Assert.Equal((0, "cli_speaker's camera released\n"), (releaseExit, released));
        Assert.Equal(1, missingExit);
        Assert.Contains("90021", missing, StringComparison.Ordinal); // publishes no screen
        Assert.NotEqual(0, badExit);
        Assert.Contains("speaker", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Room_remove_users_and_room_dismiss_end_the_members_stays_with_the_vendors_reasons()
    {
        const long Room = 8103;
        var stays = await JoinAsync("cli_stays", Room);
        var leaves = await JoinAsync("cli_leaves", Room);
        var removed = new TaskCompletionSource<RoomExitedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        leaves.RoomExited += (_, e) => removed.TrySetResult(e);
        var dismissed = new TaskCompletionSource<RoomExitedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        stays.RoomExited += (_, e) => dismissed.TrySetResult(e);

        var (removeExit, removeOutput, _) = await RunAsync("room", "remove-users", "--sdkappid", App, "8103", "CLI_LEAVES", "cli_nobody");

        Assert.Equal(0, removeExit);
        Assert.Equal("removed: CLI_LEAVES\nnot in room: cli_nobody\n", removeOutput);
        Assert.Equal(RoomExitReason.Removed, (await NextAsync(removed)).VendorReason);

        var (dismissExit, dismissOutput, _) = await RunAsync("room", "dismiss", "--sdkappid", App, "8103");
        var (againExit, _, again) = await RunAsync("room", "dismiss", "--sdkappid", App, "8103");
        var (_, list, _) = await RunAsync("room", "list", "--sdkappid", App, "--json");

        Assert.Equal((0, "room 8103 dismissed\n"), (dismissExit, dismissOutput));
        Assert.Equal(RoomExitReason.Dismissed, (await NextAsync(dismissed)).VendorReason);
        Assert.Equal(1, againExit);
        Assert.Contains("91003", again, StringComparison.Ordinal);
        using var rooms = JsonDocument.Parse(list);
        Assert.DoesNotContain(rooms.RootElement.EnumerateArray(), r => r.GetProperty("roomId").GetInt64() == Room);
    }
}
