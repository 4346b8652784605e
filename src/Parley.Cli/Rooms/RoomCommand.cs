using System.CommandLine;

namespace Parley.Cli.Rooms;

/// <summary><c>parley room …</c>: take part in a room from the command line (bots, tests, recording).</summary>
public static class RoomCommand
{
    public static Command Create()
    {
        var command = new Command("room", "Join a room with media through Parley.Client (docs/cli.md).");
        command.Subcommands.Add(RoomJoinCommand.Create());
        return command;
    }
}
