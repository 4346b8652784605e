using Parley.Auth;

namespace Parley.Cli.Tests;

public class UserSigCommandTests
{
    private const string SdkAppId = "1400000000";
    private const string Key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

    private const string VendorSig =
        "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiUZOamKlkZmqOKplYUZBaBxE1NTY3gosWZ6UpWSj5ljuYp*p7l5unBxXnF2WVhVU4uAf7Ozi5JpX7O5SbuHuUhzgZJmQXaTia2SrUAohcx8g__";

    [Fact]
    public void Gen_with_a_pinned_time_prints_the_vendor_test_vector_on_one_line()
    {
        CliRun run = CliRun.Of("usersig", "gen", "--sdkappid", SdkAppId, "--key", Key, "--identifier", "xiaojun", "--expire", "15552000", "--time", "1700000000");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(VendorSig + "\n", run.Output);
        Assert.Empty(run.Error);
    }

    [Fact]
    public void Gen_then_verify_round_trips_and_prints_valid_with_the_iso_expiry()
    {
        CliRun gen = CliRun.Of("usersig", "gen", "--sdkappid", SdkAppId, "--key", Key, "--identifier", "alice", "--expire", "3600", "--time", "1700000000");

        CliRun verify = CliRun.Of("usersig", "verify", "--sdkappid", SdkAppId, "--key", Key, "--identifier", "alice", "--usersig", gen.Line, "--now", "1700000100");

        Assert.Equal(0, verify.ExitCode);
        Assert.Equal("valid 2023-11-14T23:13:20Z", verify.Line);
    }

    [Fact]
    public void Gen_defaults_to_now_and_180_days()
    {
        CliRun gen = CliRun.Of("usersig", "gen", "--sdkappid", SdkAppId, "--key", Key, "--identifier", "alice");

        UserSigVerification result = UserSigVerifier.Verify(gen.Line, 1400000000, "alice", new UserSigKeys(Key, null), DateTimeOffset.UtcNow);

        Assert.True(result.IsValid, result.ErrorMessage);
        Assert.Equal(TimeSpan.FromDays(180), result.ExpiresAt - result.IssuedAt); // R2.3
        CliRun verify = CliRun.Of("usersig", "verify", "--sdkappid", SdkAppId, "--key", Key, "--identifier", "ALICE", "--usersig", gen.Line);
        Assert.Equal(0, verify.ExitCode); // R2.1: case-insensitive identifiers
    }

    [Theory]
    [InlineData("wrong-key", "alice", SdkAppId, "1700000100", "70009")]
    [InlineData(Key, "bob", SdkAppId, "1700000100", "70013")]
    [InlineData(Key, "alice", "1400000001", "1700000100", "70014")]
    [InlineData(Key, "alice", SdkAppId, "1700003601", "70001")]
    public void Verify_exits_1_printing_the_vendor_code_and_message(string key, string identifier, string sdkAppId, string now, string code)
    {
        string sig = CliRun.Of("usersig", "gen", "--sdkappid", SdkAppId, "--key", Key, "--identifier", "alice", "--expire", "3600", "--time", "1700000000").Line;

        CliRun verify = CliRun.Of("usersig", "verify", "--sdkappid", sdkAppId, "--key", key, "--identifier", identifier, "--usersig", sig, "--now", now);

        Assert.Equal(1, verify.ExitCode);
        Assert.StartsWith(code + " ", verify.Output, StringComparison.Ordinal);
        Assert.Single(verify.Output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Verify_of_garbage_prints_70003()
    {
        CliRun verify = CliRun.Of("usersig", "verify", "--sdkappid", SdkAppId, "--key", Key, "--identifier", "alice", "--usersig", "garbage");

        Assert.Equal(1, verify.ExitCode);
        Assert.Equal("70003 The userSig could not be decoded.", verify.Line);
    }

    [Fact]
    public void Verify_without_any_key_prints_70016()
    {
        CliRun verify = CliRun.Of("usersig", "verify", "--sdkappid", SdkAppId, "--identifier", "xiaojun", "--usersig", VendorSig, "--now", "1700000100");

        Assert.Equal(1, verify.ExitCode);
        Assert.StartsWith("70016 ", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Privatemapkey_prints_a_ticket_that_verify_shows_field_by_field()
    {
        CliRun gen = CliRun.Of("usersig", "privatemapkey", "--sdkappid", SdkAppId, "--key", Key, "--identifier", "alice",
            "--room-id", "12345", "--privileges", "EnterRoom,ReceiveAudio", "--expire", "600", "--account-type", "36862", "--time", "1700000000");
        Assert.Equal(0, gen.ExitCode);

        CliRun verify = CliRun.Of("usersig", "verify", "--sdkappid", SdkAppId, "--key", Key, "--identifier", "alice", "--usersig", gen.Line, "--now", "1700000001");

        Assert.Equal(0, verify.ExitCode);
        Assert.Equal(
            "valid 2023-11-14T22:23:20Z\nprivatemapkey room-id=12345 privileges=10 (EnterRoom, ReceiveAudio) account-type=36862 expires=2023-11-14T22:23:20Z\n",
            verify.Output);
    }

    [Fact]
    public void Privatemapkey_defaults_to_all_privileges_and_takes_numbers_and_string_room_ids()
    {
        CliRun gen = CliRun.Of("usersig", "privatemapkey", "--sdkappid", SdkAppId, "--key", Key, "--identifier", "alice", "--room-id", "0", "--str-room-id", "standup");
        CliRun numeric = CliRun.Of("usersig", "privatemapkey", "--sdkappid", SdkAppId, "--key", Key, "--identifier", "alice", "--room-id", "9", "--privileges", "6");

        UserSigVerification result = UserSigVerifier.Verify(gen.Line, 1400000000, "alice", new UserSigKeys(Key, null), DateTimeOffset.UtcNow);
        Assert.True(PrivateMapKey.TryParse(result.UserBuf, out PrivateMapKey? ticket));
        Assert.Equal(("standup", RoomPrivileges.All), (ticket!.StringRoomId, ticket.Privileges));

        UserSigVerification numericResult = UserSigVerifier.Verify(numeric.Line, 1400000000, "alice", new UserSigKeys(Key, null), DateTimeOffset.UtcNow);
        Assert.True(PrivateMapKey.TryParse(numericResult.UserBuf, out PrivateMapKey? numericTicket));
        Assert.Equal((9u, RoomPrivileges.EnterRoom | RoomPrivileges.SendAudio), (numericTicket!.RoomId, numericTicket.Privileges));
    }

    [Theory]
    [InlineData("256")]
    [InlineData("Fly")]
    public void Privatemapkey_rejects_unknown_privileges(string privileges)
    {
        CliRun run = CliRun.Of("usersig", "privatemapkey", "--sdkappid", SdkAppId, "--key", Key, "--identifier", "a", "--room-id", "1", "--privileges", privileges);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--privileges", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("eJ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Keypair_then_asymmetric_gen_then_verify_with_the_public_key_file_round_trips()
    {
        CliRun keypair = CliRun.Of("usersig", "keypair");
        Assert.Equal(0, keypair.ExitCode);
        int split = keypair.Output.IndexOf("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", keypair.Output, StringComparison.Ordinal);
        Assert.True(split > 0);

        string directory = Directory.CreateTempSubdirectory("parley-cli-").FullName;
        try
        {
            string privateFile = Path.Combine(directory, "private.pem");
            string publicFile = Path.Combine(directory, "public.pem");
            File.WriteAllText(privateFile, keypair.Output[..split]);
            File.WriteAllText(publicFile, keypair.Output[split..]);

            CliRun gen = CliRun.Of("usersig", "gen", "--sdkappid", SdkAppId, "--private-key-file", privateFile, "--identifier", "alice", "--account-type", "36862");
            Assert.Equal(0, gen.ExitCode);
            Assert.True(UserSigContent.TryDecode(gen.Line, out UserSigContent? content));
            Assert.Equal(UserSigFormat.Asymmetric, content!.Format);

            CliRun verify = CliRun.Of("usersig", "verify", "--sdkappid", SdkAppId, "--identifier", "alice", "--usersig", gen.Line, "--public-key-file", publicFile);
            Assert.Equal(0, verify.ExitCode);
            Assert.StartsWith("valid ", verify.Output, StringComparison.Ordinal);

            CliRun otherKey = CliRun.Of("usersig", "verify", "--sdkappid", SdkAppId, "--identifier", "alice", "--usersig", gen.Line, "--public-key-file", privateFile.Replace("private", "missing", StringComparison.Ordinal));
            Assert.Equal(2, otherKey.ExitCode);
            Assert.Contains("Cannot read", otherKey.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Gen_needs_exactly_one_kind_of_key()
    {
        CliRun neither = CliRun.Of("usersig", "gen", "--sdkappid", SdkAppId, "--identifier", "alice");

        Assert.NotEqual(0, neither.ExitCode);
        Assert.Contains("--key", neither.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("eJ", neither.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--expire", "-1")]
    [InlineData("--sdkappid", "-5")]
    [InlineData("--sdkappid", "abc")]
    public void Bad_numbers_are_usage_errors(string option, string value)
    {
        string[] args = ["usersig", "gen", "--sdkappid", SdkAppId, "--key", Key, "--identifier", "alice", option, value];

        CliRun run = CliRun.Of(args);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_options_are_reported()
    {
        CliRun run = CliRun.Of("usersig", "verify", "--sdkappid", SdkAppId, "--key", Key);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--identifier", run.Error, StringComparison.Ordinal);
        Assert.Contains("--usersig", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_privatemapkey_sdkAppId_beyond_32_bits_is_a_tool_error()
    {
        CliRun run = CliRun.Of("usersig", "privatemapkey", "--sdkappid", "4294967296", "--key", Key, "--identifier", "a", "--room-id", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("SdkAppId", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_root_command_lists_the_usersig_group()
    {
        CliRun help = CliRun.Of("--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("usersig", help.Output, StringComparison.Ordinal);
    }
}
