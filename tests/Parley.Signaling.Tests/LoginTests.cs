using Parley.Protocol.Errors;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

public sealed class LoginTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    private SignalingTestHost Host => fixture.Host;

    [Fact]
    public async Task A_valid_login_returns_session_heartbeat_settings_and_the_role_snapshot()
    {
        await using var client = await Host.LoginAsync("login_ok");
        var result = client.LoginResult;
        Assert.Equal(32, result.Str("sessionId").Length);
        Assert.Equal("login_ok", result.Str("identifier"));
        Assert.Equal(10_000, result.GetProperty("heartbeatIntervalMs").GetInt32());
        Assert.Equal(30_000, result.GetProperty("heartbeatTimeoutMs").GetInt32());
        Assert.True(result.GetProperty("userSigExpiresAt").GetInt64() > result.GetProperty("serverTime").GetInt64());
        // R4.6: the role configuration is pulled at login.
        var roles = result.GetProperty("roles");
        Assert.Equal("web", roles.Str("platform"));
        Assert.Contains(roles.GetProperty("roles").EnumerateArray(), r => r.Str("name") == "anchor");
    }

    [Theory]
    [InlineData("")]
    [InlineData("123456")]                              // R2.1: not all digits
    [InlineData("has-dash")]                            // R2.1: letters, digits, underscore only
    [InlineData("has space")]
    [InlineData("ünicode")]
    [InlineData("abcdefghijabcdefghijabcdefghijabc")]   // R2.1: 33 bytes, over 32
    public async Task Identifiers_outside_the_rules_are_refused(string identifier)
    {
        await using var client = await Host.ConnectAsync();
        var response = await client.CallAsync("login", new { sdkAppId = TestApp.SdkAppId, identifier, userSig = "x", platform = "web" });
        Assert.Equal(ErrorCodes.IdentifierInvalid, response.ErrorCode());
    }

    [Theory]
    [InlineData("a")]
    [InlineData("user_42")]
    [InlineData("_")]
    [InlineData("abcdefghijabcdefghijabcdefghijab")]    // R2.1: exactly 32 bytes
    public async Task Identifiers_within_the_rules_log_in(string identifier)
    {
        await using var client = await Host.LoginAsync(identifier);
        Assert.Equal(identifier, client.LoginResult.Str("identifier"));
    }

    [Fact]
    public async Task Identifiers_are_case_insensitive_and_keep_their_first_spelling()
    {
        // R2.1: "CaseUser" and "caseuser" are one user; the first spelling is the display spelling.
        await using var first = await Host.LoginAsync("CaseUser");
        await using var second = await Host.LoginAsync("caseuser");
        Assert.Equal("CaseUser", second.LoginResult.Str("identifier"));
        // One user, so the second login replaced the first session.
        Assert.Equal(4001, await first.WaitClosedAsync());
    }

    [Fact]
    public async Task An_unknown_sdkAppId_is_70020()
    {
        await using var client = await Host.ConnectAsync();
        var response = await client.CallAsync("login", new { sdkAppId = TestApp.UnknownSdkAppId, identifier = "nobody", userSig = Host.UserSig("nobody"), platform = "web" });
        Assert.Equal(ErrorCodes.SdkAppIdNotFound, response.ErrorCode());
    }

    [Fact]
    public async Task UserSig_failures_carry_the_verifiers_vendor_codes()
    {
        await using var client = await Host.ConnectAsync();
        async Task<int> Login(string identifier, string userSig) =>
            (await client.CallAsync("login", new { sdkAppId = TestApp.SdkAppId, identifier, userSig, platform = "web" })).ErrorCode();

        Assert.Equal(ErrorCodes.UserSigEmpty, await Login("sig_user", ""));
        Assert.Equal(ErrorCodes.UserSigMalformed, await Login("sig_user", "not-a-sig"));
        Assert.Equal(ErrorCodes.UserSigSignatureMismatch, await Login("sig_user", Host.UserSig("sig_user", key: TestApp.OtherKey)));
        Assert.Equal(ErrorCodes.UserSigIdentifierMismatch, await Login("sig_user", Host.UserSig("someone_else")));
        Assert.Equal(ErrorCodes.UserSigSdkAppIdMismatch, await Login("sig_user", Host.UserSig("sig_user", sdkAppId: 1400000002)));
        // R2.3: an expired userSig cannot be used.
        var expired = Parley.Auth.UserSigGenerator.Generate(TestApp.SdkAppId, TestApp.SecretKey, "sig_user", 60, now: DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal(ErrorCodes.UserSigExpired, await Login("sig_user", expired));
        // A failed login leaves the connection open for another try.
        var ok = await client.CallAsync("login", new { sdkAppId = TestApp.SdkAppId, identifier = "sig_user", userSig = Host.UserSig("sig_user"), platform = "web" });
        Assert.Equal("sig_user", ok.Result().Str("identifier"));
    }

    [Fact]
    public async Task An_unknown_platform_is_refused()
    {
        await using var client = await Host.ConnectAsync();
        var response = await client.CallAsync("login", new { sdkAppId = TestApp.SdkAppId, identifier = "plat_user", userSig = Host.UserSig("plat_user"), platform = "playstation" });
        Assert.Equal(ErrorCodes.PlatformInvalid, response.ErrorCode());
    }

    [Fact]
    public async Task Platform_names_are_case_insensitive()
    {
        await using var client = await Host.ConnectAsync();
        var response = await client.CallAsync("login", new { sdkAppId = TestApp.SdkAppId, identifier = "plat_case", userSig = Host.UserSig("plat_case"), platform = "Android" });
        Assert.Equal("android", response.Result().GetProperty("roles").Str("platform"));
    }

    [Fact]
    public async Task Methods_before_login_fail_with_NotLoggedIn()
    {
        await using var client = await Host.ConnectAsync();
        foreach (var method in new[] { "ping", "logout", "joinRoom", "exitRoom", "listMembers", "dissolveRoom" })
        {
            Assert.Equal(ErrorCodes.NotLoggedIn, (await client.CallAsync(method, new { roomId = 1 })).ErrorCode());
        }
    }

    [Fact]
    public async Task A_second_login_on_the_same_connection_fails()
    {
        await using var client = await Host.LoginAsync("twice_user");
        var again = await client.CallAsync("login", new { sdkAppId = TestApp.SdkAppId, identifier = "twice_user", userSig = Host.UserSig("twice_user"), platform = "web" });
        Assert.Equal(ErrorCodes.AlreadyLoggedIn, again.ErrorCode());
    }

    [Fact]
    public async Task Ping_returns_the_server_time()
    {
        await using var client = await Host.LoginAsync("ping_user");
        var result = (await client.CallAsync("ping")).Result();
        Assert.InRange(result.GetProperty("serverTime").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Logout_answers_then_closes_normally()
    {
        await using var client = await Host.LoginAsync("logout_user");
        var response = await client.CallAsync("logout");
        Assert.Equal(System.Text.Json.JsonValueKind.Object, response.Result().ValueKind);
        Assert.Equal(1000, await client.WaitClosedAsync());
    }
}
