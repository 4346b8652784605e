using System.CommandLine;
using Parley.Load.Signaling;

// parley-load: end-to-end load scenarios against a running Parley server, one subcommand per scenario
// (signaling, echo, room media, group chat).
var root = new RootCommand("Parley end-to-end load tool")
{
    SignalingCommand.Create(),
    Parley.Load.Echo.EchoCommand.Create(),
    Parley.Load.Room.RoomCommand.Create(),
    Parley.Load.Group.GroupCommand.Create(),
    Parley.Load.Group.C2CCommand.Create(),
    Parley.Load.Group.SyncCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
