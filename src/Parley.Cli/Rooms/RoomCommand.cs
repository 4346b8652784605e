using System.CommandLine;

namespace Parley.Cli.Rooms;

/// <summary>
/// <c>parley room …</c>: take part in a room from the command line (bots, tests, recording), and look after live rooms
/// through the admin API (list, get, dismiss, remove-users, mute).
/// </summary>
public static class RoomCommand
{
    public static Command Create()
    {
        var command = new Command("room", "Join a room with media through Parley.Client, or manage live rooms (docs/admin-api.md).");
        command.Subcommands.Add(RoomJoinCommand.Create());
        foreach (var admin in RoomAdminCommands.Create())
        {
            command.Subcommands.Add(admin);
        }
        return command;
    }
}
