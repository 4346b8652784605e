using System.CommandLine;

namespace Parley.Cli.UserSig;

/// <summary><c>parley usersig …</c>: generate and check userSigs and PrivateMapKeys by hand (R2.2's console tool).</summary>
public static class UserSigCommand
{
    public static Command Create()
    {
        var command = new Command("usersig", "Generate and verify userSigs and PrivateMapKeys (docs/usersig.md).");
        command.Subcommands.Add(GenCommand.Create());
        command.Subcommands.Add(VerifyCommand.Create());
        command.Subcommands.Add(PrivateMapKeyCommand.Create());
        command.Subcommands.Add(KeyPairCommand.Create());
        return command;
    }
}
