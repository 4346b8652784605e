using System.Collections.Concurrent;
using System.CommandLine;
using Parley.Client;
using Parley.Client.Media.Rooms;

namespace Parley.Cli.Rooms;

/// <summary>
/// <c>parley room join</c>: logs in, joins a room, publishes an IVF (VP8) and/or Ogg Opus file, records every remote
/// track it receives to <c>&lt;record-dir&gt;/&lt;identifier&gt;-&lt;source&gt;.ivf|.ogg</c>, and leaves after
/// <c>--duration</c> (or Ctrl+C), printing the media counters.
/// </summary>
internal static class RoomJoinCommand
{
    private const int ToolErrorExitCode = 2;

    public static Command Create()
    {
        Option<string> url = new("--url") { Description = "The server's signaling WebSocket, e.g. ws://localhost:7400/ws.", Required = true };
        Option<long> sdkAppId = new("--sdk-app-id") { Description = "The application's SDKAppID.", Required = true };
        Option<string> identifier = new("--identifier") { Description = "Who joins.", Required = true };
        Option<string> userSig = new("--user-sig") { Description = "The identifier's userSig (parley usersig gen).", Required = true };
        Option<long> room = new("--room") { Description = "The numeric room id.", Required = true };
        Option<string?> role = new("--role") { Description = "Role to join with (the app's default when omitted)." };
        Option<FileInfo?> publishVideo = new("--publish-video") { Description = "An IVF (VP8) file to publish as the camera." };
        Option<FileInfo?> publishAudio = new("--publish-audio") { Description = "An Ogg Opus file to publish as the microphone." };
        Option<bool> loop = new("--loop") { Description = "Loop the published files until the duration ends." };
        Option<DirectoryInfo?> recordDir = new("--record-dir") { Description = "Record each received track to <dir>/<identifier>-<source>.ivf/.ogg." };
        Option<string> duration = new("--duration") { Description = "How long to stay: 30s, 2m, 500ms (default: until the files end, or Ctrl+C).", DefaultValueFactory = _ => string.Empty };

        var command = new Command("join", "Join a room, publish files and record what is received.")
        {
            url, sdkAppId, identifier, userSig, room, role, publishVideo, publishAudio, loop, recordDir, duration,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            string urlText = parseResult.GetRequiredValue(url);
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out var serverUri) || serverUri.Scheme is not ("ws" or "wss"))
            {
                error.WriteLine($"--url '{urlText}' is not a ws:// or wss:// URL.");
                return ToolErrorExitCode;
            }

            string durationText = parseResult.GetValue(duration) ?? string.Empty;
            TimeSpan? stay = null;
            if (durationText.Length > 0)
            {
                if (!DurationParser.TryParse(durationText, out var parsed))
                {
                    error.WriteLine($"--duration '{durationText}' is not a duration (e.g. 30s, 2m, 500ms).");
                    return ToolErrorExitCode;
                }

                stay = parsed;
            }

            try
            {
                return await RunAsync(
                    serverUri, parseResult.GetValue(sdkAppId), parseResult.GetRequiredValue(identifier), parseResult.GetRequiredValue(userSig),
                    parseResult.GetValue(room), parseResult.GetValue(role), parseResult.GetValue(publishVideo), parseResult.GetValue(publishAudio), parseResult.GetValue(loop),
                    parseResult.GetValue(recordDir), stay, output, error, cancellationToken);
            }
            catch (Exception exception) when (exception is ParleyException or IOException or InvalidDataException or TimeoutException or ArgumentException or InvalidOperationException)
            {
                error.WriteLine(exception.Message);
                return ToolErrorExitCode;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(
        Uri url, long sdkAppId, string identifier, string userSig, long room, string? role, FileInfo? video, FileInfo? audio, bool loop,
        DirectoryInfo? recordDir, TimeSpan? stay, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // Open the files first: a bad file fails before anyone sees us join.
        var tracks = new List<LocalTrack>();
        if (video is not null)
        {
            tracks.Add(new IvfFileTrack(video.FullName, MediaSource.Camera, loop));
        }

        if (audio is not null)
        {
            tracks.Add(new OggOpusFileTrack(audio.FullName, loop));
        }

        if (recordDir is not null)
        {
            Directory.CreateDirectory(recordDir.FullName);
        }

        await using var client = new ParleyClient(new ParleyClientOptions { ServerUri = url });
        var recorders = new ConcurrentBag<TrackRecorder>();
        client.RemoteTrackAdded += (_, e) =>
        {
            output.WriteLine($"receiving {e.Track.Identifier} {e.Track.Source.ToWire()} (producer {e.Track.ProducerId})");
            if (recordDir is not null)
            {
                var recorder = new TrackRecorder(e.Track, recordDir.FullName);
                recorders.Add(recorder);
                output.WriteLine($"  recording to {recorder.FilePath}");
            }
        };
        client.MediaError += (_, message) => error.WriteLine("media: " + message);

        await client.LoginAsync(sdkAppId, identifier, userSig, cancellationToken);
        await client.JoinRoomAsync(room, role, cancellationToken);
        output.WriteLine($"joined room {room} as {identifier}");
        foreach (var track in tracks)
        {
            var producer = await client.PublishAsync(track, cancellationToken);
            output.WriteLine($"publishing {track.Source.ToWire()} ({track.Codec}) as producer {producer.ProducerId}");
        }

        try
        {
            var until = stay is { } d ? Task.Delay(d, cancellationToken)
                : tracks.Count > 0 && !loop ? Task.WhenAll(tracks.Select(t => t.Completion))
                : Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            await until.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: leave cleanly below.
        }

        var stats = await client.GetMediaStatsAsync(CancellationToken.None);
        output.WriteLine($"sent {stats.PacketsSent} packets ({stats.FramesSent} frames), received {stats.PacketsReceived} packets ({stats.FramesReceived} frames, {stats.PacketsLost} lost)");
        using var leaving = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.ExitRoomAsync(leaving.Token);
        }
        catch (Exception exception) when (exception is ParleyException or OperationCanceledException)
        {
            error.WriteLine("leaving: " + exception.Message);
        }

        await client.CloseMediaAsync();
        foreach (var recorder in recorders)
        {
            recorder.Dispose();
            output.WriteLine($"{recorder.FilePath}: {recorder.FramesWritten} frames");
        }

        return 0;
    }
}
