using System.CommandLine;
using Parley.Auth;

namespace Parley.Cli.UserSig;

/// <summary><c>parley usersig keypair</c>: prints a new ECDSA P-256 key pair, private key (PKCS#8) first, as PEM.</summary>
internal static class KeyPairCommand
{
    public static Command Create()
    {
        var command = new Command("keypair", "Print a new ECDSA P-256 key pair (PEM) for asymmetric userSigs.");
        command.SetAction(parseResult =>
        {
            (string privateKeyPem, string publicKeyPem) = AppKeys.NewEcdsaKeyPair();
            TextWriter output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(privateKeyPem);
            output.WriteLine(publicKeyPem);
            return 0;
        });
        return command;
    }
}
