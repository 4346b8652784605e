using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Parley.Cli.Admin;
using Parley.Cli.Apps;

namespace Parley.Cli.Roles;

/// <summary><c>parley role …</c>: configure roles per app per platform (R4.1, R4.2) through the admin API.</summary>
public static class RoleCommand
{
    public static Command Create()
    {
        var connection = new AdminConnectionOptions();
        var command = new Command("role", "Configure roles: named audio/video parameter sets per app and platform.");
        connection.AddTo(command);
        command.Subcommands.Add(SetCommand(connection));
        command.Subcommands.Add(ListCommand(connection));
        return command;
    }

    private static Command SetCommand(AdminConnectionOptions connection)
    {
        Option<long> sdkAppId = AdminOutput.SdkAppIdOption();
        Option<string> platform = new("--platform") { Description = "web, android, ios, windows, mac or linux.", Required = true };
        Option<string> name = new("--name") { Description = "Role name, 1-32 printable ASCII characters.", Required = true };
        Option<int> width = Int("--width", "Video width in pixels.", 640);
        Option<int> height = Int("--height", "Video height in pixels.", 360);
        Option<int> fps = Int("--fps", "Capture frame rate.", 15);
        Option<int> minBitrate = Int("--min-bitrate", "Minimum video bitrate, kbps.", 200);
        Option<int> maxBitrate = Int("--max-bitrate", "Maximum video bitrate, kbps.", 900);
        Option<int> sampleRate = Int("--sample-rate", "Audio sample rate, Hz.", 48000);
        Option<int> channels = Int("--channels", "Audio channels (1 or 2).", 1);
        Option<int> audioBitrate = Int("--audio-bitrate", "Audio bitrate, kbps.", 32);
        Option<bool> isDefault = new("--default") { Description = "Make this the platform's default role (used for unknown role names)." };

        var command = new Command("set", "Create or replace a role.")
        {
            sdkAppId, platform, name, width, height, fps, minBitrate, maxBitrate, sampleRate, channels, audioBitrate, isDefault,
        };
        command.SetAction((parseResult, cancellationToken) => AdminCommandAction.RunAsync(parseResult, connection, async (client, output) =>
        {
            var body = new PutRoleBody(
                new VideoInfo(parseResult.GetValue(width), parseResult.GetValue(height), parseResult.GetValue(fps),
                    parseResult.GetValue(minBitrate), parseResult.GetValue(maxBitrate)),
                new AudioInfo(parseResult.GetValue(sampleRate), parseResult.GetValue(channels), parseResult.GetValue(audioBitrate)),
                parseResult.GetValue(isDefault));
            var role = await client.PutRoleAsync(parseResult.GetValue(sdkAppId), parseResult.GetRequiredValue(platform),
                parseResult.GetRequiredValue(name), body, cancellationToken);
            await output.WriteLineAsync(Describe(role));
        }, cancellationToken));
        return command;
    }

    private static Command ListCommand(AdminConnectionOptions connection)
    {
        Option<long> sdkAppId = AdminOutput.SdkAppIdOption();
        Option<string?> platform = new("--platform") { Description = "Only this platform." };
        Option<bool> json = AdminOutput.JsonOption();
        var command = new Command("list", "List the roles an app configured.") { sdkAppId, platform, json };
        command.SetAction((parseResult, cancellationToken) => AdminCommandAction.RunAsync(parseResult, connection, async (client, output) =>
        {
            var roles = await client.ListRolesAsync(parseResult.GetValue(sdkAppId), parseResult.GetValue(platform), cancellationToken);
            await AdminOutput.WriteListAsync(output, roles, parseResult.GetValue(json), header: null, role => output.WriteLineAsync(Describe(role)));
        }, cancellationToken));
        return command;
    }

    /// <summary>One line per role: <c>web/anchor 1280x720@30 600-1500kbps 48000Hz/2ch 64kbps default</c>.</summary>
    private static string Describe(RoleInfo role) => string.Create(CultureInfo.InvariantCulture,
        $"{role.Platform}/{role.Name} {role.Video.Width}x{role.Video.Height}@{role.Video.Fps} " +
        $"{role.Video.MinBitrateKbps}-{role.Video.MaxBitrateKbps}kbps {role.Audio.SampleRate}Hz/{role.Audio.Channels}ch " +
        $"{role.Audio.BitrateKbps}kbps{(role.IsDefault ? " default" : "")}");


    private static Option<int> Int(string name, string description, int defaultValue) =>
        new(name) { Description = $"{description} Default {defaultValue.ToString(CultureInfo.InvariantCulture)}.", DefaultValueFactory = _ => defaultValue };
}
