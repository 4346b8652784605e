using System.CommandLine;
using System.Globalization;
using Parley.Auth;

namespace Parley.Cli.UserSig;

/// <summary>
/// <c>parley usersig verify</c>: exits 0 printing <c>valid &lt;expiry, ISO 8601 UTC&gt;</c> (plus the ticket of a
/// PrivateMapKey), or exits 1 printing <c>&lt;code&gt; &lt;message&gt;</c> with the vendor's code.
/// </summary>
internal static class VerifyCommand
{
    private const int InvalidExitCode = 1;

    public static Command Create()
    {
        Option<long> sdkAppId = UserSigOptions.SdkAppId();
        Option<string> key = UserSigOptions.Key(required: false);
        Option<string> identifier = UserSigOptions.Identifier();
        Option<string> userSig = new("--usersig") { Description = "The userSig to check.", Required = true };
        Option<FileInfo> publicKeyFile = new("--public-key-file")
        {
            Description = "The app's EC public key (PEM), for asymmetric sigs.",
        };
        Option<long?> now = new("--now") { Description = "Check as of this Unix time (default: now)." };

        var command = new Command("verify", "Verify a userSig or PrivateMapKey.") { sdkAppId, key, identifier, userSig, publicKeyFile, now };
        command.SetAction(parseResult =>
        {
            string? publicKeyPem = null;
            if (parseResult.GetValue(publicKeyFile) is { } file && (publicKeyPem = UserSigOptions.ReadPemFile(parseResult, file)) is null)
            {
                return UserSigOptions.ToolErrorExitCode;
            }

            UserSigVerification result = UserSigVerifier.Verify(
                parseResult.GetRequiredValue(userSig).Trim(),
                parseResult.GetValue(sdkAppId),
                parseResult.GetRequiredValue(identifier),
                new UserSigKeys(parseResult.GetValue(key), publicKeyPem),
                UserSigOptions.ToTime(parseResult.GetValue(now)) ?? DateTimeOffset.UtcNow);

            TextWriter output = parseResult.InvocationConfiguration.Output;
            if (!result.IsValid)
            {
                output.WriteLine($"{result.ErrorCode} {result.ErrorMessage}");
                return InvalidExitCode;
            }

            output.WriteLine($"valid {Iso8601(result.ExpiresAt)}");
            if (result.UserBuf is { } userBuf && PrivateMapKey.TryParse(userBuf, out PrivateMapKey? ticket))
            {
                string room = ticket!.StringRoomId is { } name ? $"str-room-id={name}" : $"room-id={ticket.RoomId}";
                output.WriteLine($"privatemapkey {room} privileges={(uint)ticket.Privileges} ({ticket.Privileges}) account-type={ticket.AccountType} expires={Iso8601(ticket.ExpiresAt)}");
            }

            return 0;
        });
        return command;
    }

    private static string Iso8601(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
