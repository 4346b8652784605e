using System.CommandLine;
using Parley.Auth;

namespace Parley.Cli.UserSig;

/// <summary>
/// <c>parley usersig gen</c>: prints a userSig on one line. With <c>--key</c> it is a v2 (HMAC) sig; with
/// <c>--private-key-file</c> it is an asymmetric (ECDSA) sig.
/// </summary>
internal static class GenCommand
{
    public static Command Create()
    {
        Option<long> sdkAppId = UserSigOptions.SdkAppId();
        Option<string> key = UserSigOptions.Key(required: false);
        Option<string> identifier = UserSigOptions.Identifier();
        Option<long> expire = UserSigOptions.Expire();
        Option<long?> time = UserSigOptions.Time();
        Option<FileInfo> privateKeyFile = new("--private-key-file")
        {
            Description = "Generate an asymmetric sig with this EC private key (PEM) instead of --key.",
        };
        Option<long> accountType = UserSigOptions.AccountType();

        var command = new Command("gen", "Generate a userSig.") { sdkAppId, key, identifier, expire, time, privateKeyFile, accountType };
        command.Validators.Add(result =>
        {
            bool hasKey = result.GetValue(key) is not null;
            bool hasPrivateKey = result.GetValue(privateKeyFile) is not null;
            if (hasKey == hasPrivateKey)
            {
                result.AddError("Give exactly one of --key (v2 sig) or --private-key-file (asymmetric sig).");
            }
        });

        command.SetAction(parseResult =>
        {
            DateTimeOffset? now = UserSigOptions.ToTime(parseResult.GetValue(time));
            string id = parseResult.GetRequiredValue(identifier);
            try
            {
                string sig;
                if (parseResult.GetValue(privateKeyFile) is { } file)
                {
                    string? pem = UserSigOptions.ReadPemFile(parseResult, file);
                    if (pem is null)
                    {
                        return UserSigOptions.ToolErrorExitCode;
                    }

                    sig = UserSigGenerator.GenerateAsymmetric(parseResult.GetValue(sdkAppId), parseResult.GetValue(accountType), pem, id, parseResult.GetValue(expire), now);
                }
                else
                {
                    sig = UserSigGenerator.Generate(parseResult.GetValue(sdkAppId), parseResult.GetRequiredValue(key), id, parseResult.GetValue(expire), now: now);
                }

                parseResult.InvocationConfiguration.Output.WriteLine(sig);
                return 0;
            }
            catch (ArgumentException exception)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(exception.Message);
                return UserSigOptions.ToolErrorExitCode;
            }
        });
        return command;
    }
}
