using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Parley.Cli.Admin;
using Parley.Cli.Apps;

namespace Parley.Cli.Rooms;

/// <summary>
/// <c>parley room list|get|dismiss|remove-users|mute</c>: live rooms through the admin API (docs/admin-api.md, R3).
/// Each command has its own <c>--server</c>/<c>--token</c> (the <c>room</c> group also holds <c>join</c>, which talks
/// signaling, not the admin API).
/// </summary>
internal static class RoomAdminCommands
{
    public static IEnumerable<Command> Create() => [List(), Get(), Dismiss(), RemoveUsers(), Mute()];

    private static Command List()
    {
        var connection = new AdminConnectionOptions();
        Option<long> sdkAppId = AdminOutput.SdkAppIdOption();
        Option<bool> json = AdminOutput.JsonOption();
        var command = new Command("list", "List an app's live rooms, empty ones waiting to be dissolved included (R3.5).") { sdkAppId, json };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCommandAction.RunAsync(parseResult, connection, async (client, output) =>
        {
            var rooms = await client.ListRoomsAsync(parseResult.GetValue(sdkAppId), cancellationToken);
            await AdminOutput.WriteListAsync(output, rooms, parseResult.GetValue(json), $"{"ROOMID",-9} {"MEMBERS",-7} {"OWNER",-16} {"CREATED",-20} DISSOLVES",
                room => output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{room.RoomId,-9} {room.MemberCount,-7} {room.Owner,-16} {AdminOutput.Time(room.CreatedAt),-20} {(room.DissolvesAt is { } at ? AdminOutput.Time(at) : "-")}")));
        }, cancellationToken));
        return command;
    }

    private static Command Get()
    {
        var connection = new AdminConnectionOptions();
        Option<long> sdkAppId = AdminOutput.SdkAppIdOption();
        Argument<long> roomId = RoomIdArgument();
        Option<bool> json = AdminOutput.JsonOption();
        var command = new Command("get", "Show a room: owner, members with role and platform, their tracks with bitrate and loss.") { sdkAppId, roomId, json };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCommandAction.RunAsync(parseResult, connection, async (client, output) =>
        {
            var room = await client.GetRoomAsync(parseResult.GetValue(sdkAppId), parseResult.GetValue(roomId), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(room, AdminOutput.Json));
                return;
            }

            string dissolves = room.DissolvesAt is { } at ? " empty, dissolves " + AdminOutput.Time(at) : "";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"room {room.RoomId} owner {room.Owner} created {AdminOutput.Time(room.CreatedAt)} members {room.Members.Count}{dissolves}"));
            foreach (var member in room.Members)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {member.Identifier} role {member.Role} platform {member.Platform}{(member.IsOwner ? " owner" : "")} joined {AdminOutput.Time(DateTimeOffset.FromUnixTimeMilliseconds(member.JoinedAt))}"));
                foreach (var track in member.Tracks)
                {
                    await output.WriteLineAsync(DescribeTrack(track));
                }
            }
        }, cancellationToken));
        return command;
    }

    private static Command Dismiss()
    {
        var connection = new AdminConnectionOptions();
        Option<long> sdkAppId = AdminOutput.SdkAppIdOption();
        Argument<long> roomId = RoomIdArgument();
        var command = new Command("dismiss", "Dismiss a room: every member leaves at once (reason dismissed) and the room is gone.") { sdkAppId, roomId };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCommandAction.RunAsync(parseResult, connection, async (client, output) =>
        {
            long room = parseResult.GetValue(roomId);
            await client.DismissRoomAsync(parseResult.GetValue(sdkAppId), room, cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"room {room} dismissed"));
        }, cancellationToken));
        return command;
    }

    private static Command RemoveUsers()
    {
        var connection = new AdminConnectionOptions();
        Option<long> sdkAppId = AdminOutput.SdkAppIdOption();
        Argument<long> roomId = RoomIdArgument();
        Argument<string[]> identifiers = new("identifiers") { Description = "Users to remove (1-100).", Arity = ArgumentArity.OneOrMore };
        Option<bool> json = AdminOutput.JsonOption();
        var command = new Command("remove-users", "Remove users from a room (reason kicked, the vendor's \"removed\"); they stay logged in.")
        {
            sdkAppId, roomId, identifiers, json,
        };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCommandAction.RunAsync(parseResult, connection, async (client, output) =>
        {
            var result = await client.RemoveUsersAsync(parseResult.GetValue(sdkAppId), parseResult.GetValue(roomId),
                new RemoveUsersBody(parseResult.GetValue(identifiers) ?? []), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(result, AdminOutput.Json));
                return;
            }

            await output.WriteLineAsync("removed: " + string.Join(' ', result.Removed));
            await output.WriteLineAsync("not in room: " + string.Join(' ', result.NotInRoom));
        }, cancellationToken));
        return command;
    }

    private static Command Mute()
    {
        var connection = new AdminConnectionOptions();
        Option<long> sdkAppId = AdminOutput.SdkAppIdOption();
        Argument<long> roomId = RoomIdArgument();
        Argument<string> identifier = new("identifier") { Description = "The member whose track to mute." };
        Option<string> source = new("--source") { Description = "microphone, camera or screen.", Required = true };
        source.AcceptOnlyFromAmong("microphone", "camera", "screen");
        Option<bool> unmute = new("--unmute") { Description = "Release an operator's mute instead (the member may unmute again)." };
        var command = new Command("mute", "Mute a member's published track as an operator; the member cannot unmute it until released.")
        {
            sdkAppId, roomId, identifier, source, unmute,
        };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCommandAction.RunAsync(parseResult, connection, async (client, output) =>
        {
            bool muted = !parseResult.GetValue(unmute);
            string who = parseResult.GetRequiredValue(identifier);
            string what = parseResult.GetRequiredValue(source);
            await client.MuteTrackAsync(parseResult.GetValue(sdkAppId), parseResult.GetValue(roomId), who, new MuteTrackBody(what, muted), cancellationToken);
            await output.WriteLineAsync($"{who}'s {what} {(muted ? "muted" : "released")}");
        }, cancellationToken));
        return command;
    }

    /// <summary>One line per track: <c>    camera video VP8 x3 muted (operator) 812 kbps loss 1.2%</c>.</summary>
    private static string DescribeTrack(RoomTrackInfo track)
    {
        string layers = track.Layers > 1 ? string.Create(CultureInfo.InvariantCulture, $" x{track.Layers}") : "";
        string muted = track.AdminMuted ? " muted (operator)" : track.Muted ? " muted" : "";
        string bitrate = track.BitrateBps is { } bps ? string.Create(CultureInfo.InvariantCulture, $" {bps / 1000} kbps") : "";
        string loss = track.PacketLoss is { } fraction ? string.Create(CultureInfo.InvariantCulture, $" loss {fraction * 100:0.0}%") : "";
        return $"    {track.Source} {track.Kind} {track.Codec}{layers}{muted}{bitrate}{loss}";
    }



    private static Argument<long> RoomIdArgument() => new("roomId") { Description = "The room number (1-10,000,000)." };
}
