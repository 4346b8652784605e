using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Parley.Cli.Admin;
using Parley.Cli.Apps;

namespace Parley.Cli.Rooms;

/// <summary>
/// <c>parley room record start|stop|list|download</c>: record a room on its media node, one WebM file per track
/// (docs/recording.md), through the admin API.
/// </summary>
internal static class RoomRecordCommand
{
    public static Command Create()
    {
        var command = new Command("record", "Record a room to WebM files on its media node, one per track (docs/recording.md).");
        command.Subcommands.Add(Start());
        command.Subcommands.Add(Stop());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Download());
        return command;
    }

    private static Command Start()
    {
        var connection = new AdminConnectionOptions();
        Option<long> sdkAppId = AdminOutput.SdkAppIdOption();
        Argument<long> roomId = RoomIdArgument();
        Option<bool> json = AdminOutput.JsonOption();
        var command = new Command("start", "Start recording every track of a room, present and future.") { sdkAppId, roomId, json };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCommandAction.RunAsync(parseResult, connection, async (client, output) =>
        {
            var recording = await client.StartRecordingAsync(parseResult.GetValue(sdkAppId), parseResult.GetValue(roomId), cancellationToken);
            await output.WriteLineAsync(parseResult.GetValue(json)
                ? JsonSerializer.Serialize(recording, AdminOutput.Json)
                : $"recording {recording.RecordingId} of room {recording.RoomId.ToString(CultureInfo.InvariantCulture)} started {AdminOutput.Time(recording.StartedAt)}");
        }, cancellationToken));
        return command;
    }

    private static Command Stop()
    {
        var connection = new AdminConnectionOptions();
        Option<long> sdkAppId = AdminOutput.SdkAppIdOption();
        Argument<long> roomId = RoomIdArgument();
        Option<bool> json = AdminOutput.JsonOption();
        var command = new Command("stop", "Stop a room's recording; prints its files.") { sdkAppId, roomId, json };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCommandAction.RunAsync(parseResult, connection, async (client, output) =>
        {
            var recording = await client.StopRecordingAsync(parseResult.GetValue(sdkAppId), parseResult.GetValue(roomId), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(recording, AdminOutput.Json));
                return;
            }

            await output.WriteLineAsync($"recording {recording.RecordingId} stopped; {recording.Files.Count.ToString(CultureInfo.InvariantCulture)} files");
            await WriteFilesAsync(output, recording);
        }, cancellationToken));
        return command;
    }

    private static Command List()
    {
        var connection = new AdminConnectionOptions();
        Option<long> sdkAppId = AdminOutput.SdkAppIdOption();
        Option<bool> json = AdminOutput.JsonOption();
        var command = new Command("list", "List an app's recordings on every node, newest first, with their files.") { sdkAppId, json };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCommandAction.RunAsync(parseResult, connection, async (client, output) =>
        {
            var recordings = await client.ListRecordingsAsync(parseResult.GetValue(sdkAppId), cancellationToken);
            await AdminOutput.WriteListAsync(output, recordings, parseResult.GetValue(json), $"{"RECORDING",-32} {"ROOM",-9} {"STATE",-11} {"STARTED",-20} FILES",
                async recording =>
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{recording.RecordingId,-32} {recording.RoomId,-9} {recording.State,-11} {AdminOutput.Time(recording.StartedAt),-20} {recording.Files.Count}"));
                    await WriteFilesAsync(output, recording);
                });
        }, cancellationToken));
        return command;
    }

    private static Command Download()
    {
        var connection = new AdminConnectionOptions();
        Option<long> sdkAppId = AdminOutput.SdkAppIdOption();
        Argument<string> recordingId = new("recordingId") { Description = "The recording (from 'record list')." };
        Argument<string> fileName = new("fileName") { Description = "The file, e.g. alice-camera.webm." };
        Option<string?> output = new("--output", "-o") { Description = "Where to write it (default: the file's name in the current folder)." };
        var command = new Command("download", "Download one file of a recording.") { sdkAppId, recordingId, fileName, output };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCommandAction.RunAsync(parseResult, connection, async (client, console) =>
        {
            var name = parseResult.GetValue(fileName)!;
            var path = parseResult.GetValue(output) ?? Path.GetFileName(name);
            long written;
            await using (var file = File.Create(path))
            {
                written = await client.DownloadRecordingFileAsync(parseResult.GetValue(sdkAppId), parseResult.GetValue(recordingId)!, name, file, cancellationToken);
            }

            await console.WriteLineAsync($"{path}: {written.ToString(CultureInfo.InvariantCulture)} bytes");
        }, cancellationToken));
        return command;
    }

    private static async Task WriteFilesAsync(TextWriter output, RecordingInfoDto recording)
    {
        foreach (var file in recording.Files)
        {
            var size = file.Width is { } width ? $" {width}x{file.Height}" : "";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {file.FileName} {file.Codec}{size} {file.DurationMs / 1000.0:0.0} s {file.SizeBytes} bytes{(file.Complete ? "" : " (open)")}"));
        }
    }



    private static Argument<long> RoomIdArgument() => new("roomId") { Description = "The room number (1-10,000,000)." };
}
