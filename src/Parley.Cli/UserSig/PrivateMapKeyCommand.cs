using System.CommandLine;
using System.CommandLine.Parsing;
using Parley.Auth;

namespace Parley.Cli.UserSig;

/// <summary><c>parley usersig privatemapkey</c>: prints a PrivateMapKey (room permission ticket) on one line.</summary>
internal static class PrivateMapKeyCommand
{
    public static Command Create()
    {
        Option<long> sdkAppId = UserSigOptions.SdkAppId();
        Option<string> key = UserSigOptions.Key(required: true);
        Option<string> identifier = UserSigOptions.Identifier();
        Option<long> expire = UserSigOptions.Expire();
        Option<long?> time = UserSigOptions.Time();
        Option<long> accountType = UserSigOptions.AccountType();
        Option<uint> roomId = new("--room-id") { Description = "The numeric room id (0 with --str-room-id).", Required = true };
        Option<string> stringRoomId = new("--str-room-id") { Description = "A string room id (makes a version-1 ticket)." };
        Option<RoomPrivileges> privileges = new("--privileges")
        {
            Description = "Privilege bits as a number (255 = all) or names, e.g. EnterRoom,ReceiveAudio.",
            DefaultValueFactory = _ => RoomPrivileges.All,
            CustomParser = ParsePrivileges,
        };

        var command = new Command("privatemapkey", "Generate a PrivateMapKey.")
        {
            sdkAppId, key, identifier, roomId, privileges, expire, accountType, stringRoomId, time,
        };
        command.SetAction(parseResult =>
        {
            try
            {
                string ticket = PrivateMapKeyGenerator.Generate(
                    parseResult.GetValue(sdkAppId),
                    parseResult.GetRequiredValue(key),
                    parseResult.GetRequiredValue(identifier),
                    parseResult.GetValue(expire),
                    parseResult.GetValue(roomId),
                    parseResult.GetValue(privileges),
                    parseResult.GetValue(accountType),
                    parseResult.GetValue(stringRoomId),
                    UserSigOptions.ToTime(parseResult.GetValue(time)));
                parseResult.InvocationConfiguration.Output.WriteLine(ticket);
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

    private static RoomPrivileges ParsePrivileges(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Enum.TryParse(text, ignoreCase: true, out RoomPrivileges value) && (uint)value <= (uint)RoomPrivileges.All)
        {
            return value;
        }

        result.AddError($"--privileges: '{text}' is neither a number from 0 to 255 nor privilege names ({string.Join(", ", Enum.GetNames<RoomPrivileges>())}).");
        return RoomPrivileges.None;
    }
}
