using System.CommandLine;
using Parley.Load.Signaling;

// parley-load: end-to-end load scenarios against a running Parley server, one subcommand per scenario
// (signaling now; media and groups scenarios add their own Command next to it).
var root = new RootCommand("Parley end-to-end load tool")
{
    SignalingCommand.Create(),
    Parley.Load.Echo.EchoCommand.Create(),
    Parley.Load.Room.RoomCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
