using System.CommandLine;
using Parley.Cli.UserSig;

namespace Parley.Cli;

/// <summary>The <c>parley</c> operator tool. Each command group adds itself to the root with one line.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => CreateRootCommand().Parse(args).InvokeAsync();

    /// <summary>The full command tree; tests invoke it in-process with captured output.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("Parley operator tool.");
        root.Subcommands.Add(UserSigCommand.Create());
        root.Subcommands.Add(Apps.AppCommand.Create());
        root.Subcommands.Add(Roles.RoleCommand.Create());
        root.Subcommands.Add(Rooms.RoomCommand.Create());
        root.Subcommands.Add(Database.DatabaseCommand.Create());
        root.Subcommands.Add(Cluster.ClusterCommand.Create());
        return root;
    }
}
