using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Parley.Auth;
using Parley.Protocol.Errors;
using Parley.Server.Admin;

namespace Parley.Server.Tests;

/// <summary>
/// The web console's key endpoints (issue 12): rotating an app's signing material (R1.3) and the userSig tool (R2.2).
/// Whether a userSig works is checked where an app's backend would notice: the vendor REST API, which verifies through
/// the same app catalog as signaling's login.
/// </summary>
public sealed class AppKeysApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task<CreatedAppResponse> CreateAppAsync(HttpClient client, bool withKeyPair = false)
    {
        using var response = await client.PostAsJsonAsync("api/apps", new { name = "keys", withKeyPair });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedAppResponse>(Json))!;
    }

    private static async Task<UserSigResponse> IssueAsync(HttpClient client, long sdkAppId, object body)
    {
        using var response = await client.PostAsJsonAsync($"api/apps/{sdkAppId}/usersig", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<UserSigResponse>(Json))!;
    }

    /// <summary>The ErrorCode of a vendor REST call made as the app admin with <paramref name="userSig"/>: 0 when it was accepted.</summary>
    private async Task<int> RestApiErrorCodeAsync(long sdkAppId, string userSig) =>
        (await fixture.Server.CallRestApiAsync("im_open_login_svc/account_check", """{"CheckItem":[{"UserID":"nobody_here"}]}""", sdkAppId, userSig))
            .GetProperty("ErrorCode").GetInt32();

    [Fact]
    public async Task Rotating_the_secret_key_makes_userSigs_of_the_old_key_fail_and_new_ones_work()
    {
        using var client = fixture.Server.CreateAdminClient();
        var app = await CreateAppAsync(client);
        var oldSig = UserSigGenerator.Generate(app.SdkAppId, app.SecretKey, "administrator");
        Assert.Equal(0, await RestApiErrorCodeAsync(app.SdkAppId, oldSig)); // the catalog now caches the old key

        using var response = await client.PostAsync(new Uri($"api/apps/{app.SdkAppId}/rotate-key", UriKind.Relative), null);
        var rotated = await response.Content.ReadFromJsonAsync<CreatedAppResponse>(Json);

        // R1.3: a fresh 64-hex key, in force at once (the cached entry was dropped), and nothing else changed.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^[0-9a-f]{64}$", rotated!.SecretKey);
        Assert.NotEqual(app.SecretKey, rotated.SecretKey);
        Assert.Equal((app.AccountType, app.Name, app.CreatedAt), (rotated.AccountType, rotated.Name, rotated.CreatedAt));
        Assert.Null(rotated.PrivateKeyPem);
        Assert.Equal(UserSigErrorCodes.SignatureMismatch, await RestApiErrorCodeAsync(app.SdkAppId, oldSig));
        var fetched = await client.GetFromJsonAsync<AppResponse>($"api/apps/{app.SdkAppId}", Json);
        Assert.Equal(rotated.SecretKey, fetched!.SecretKey);
        Assert.Equal(0, await RestApiErrorCodeAsync(app.SdkAppId, UserSigGenerator.Generate(app.SdkAppId, rotated.SecretKey, "administrator")));
    }

    [Fact]
    public async Task Rotating_only_the_key_pair_shows_the_new_private_key_once_and_keeps_the_secret_key()
    {
        using var client = fixture.Server.CreateAdminClient();
        var app = await CreateAppAsync(client, withKeyPair: true);

        using var response = await client.PostAsJsonAsync($"api/apps/{app.SdkAppId}/rotate-key", new { secretKey = false, keyPair = true });
        var rotated = await response.Content.ReadFromJsonAsync<CreatedAppResponse>(Json);
        var fetchedJson = await client.GetStringAsync(new Uri($"api/apps/{app.SdkAppId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(app.SecretKey, rotated!.SecretKey);
        Assert.NotEqual(app.PublicKeyPem, rotated.PublicKeyPem);
        Assert.DoesNotContain("PRIVATE KEY", fetchedJson, StringComparison.Ordinal);
        // The new private key signs asymmetric userSigs that the stored new public key verifies; the old one's do not.
        var now = DateTimeOffset.UtcNow;
        var keys = new UserSigKeys(null, rotated.PublicKeyPem);
        var fresh = UserSigGenerator.GenerateAsymmetric(app.SdkAppId, app.AccountType, rotated.PrivateKeyPem!, "alice", 600, now);
        var stale = UserSigGenerator.GenerateAsymmetric(app.SdkAppId, app.AccountType, app.PrivateKeyPem!, "alice", 600, now);
        Assert.True(UserSigVerifier.Verify(fresh, app.SdkAppId, "alice", keys, now).IsValid);
        Assert.False(UserSigVerifier.Verify(stale, app.SdkAppId, "alice", keys, now).IsValid);
    }

    [Fact]
    public async Task Rotating_nothing_is_a_400_and_an_unknown_app_a_404()
    {
        using var client = fixture.Server.CreateAdminClient();
        var app = await CreateAppAsync(client);

        using var nothing = await client.PostAsJsonAsync($"api/apps/{app.SdkAppId}/rotate-key", new { secretKey = false, keyPair = false });
        using var unknown = await client.PostAsync(new Uri($"api/apps/{app.SdkAppId + 1000}/rotate-key", UriKind.Relative), null);

        await ApiAssertions.AssertErrorAsync(nothing, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await ApiAssertions.AssertErrorAsync(unknown, HttpStatusCode.NotFound, ErrorCodes.AppNotFound);
        var unchanged = await client.GetFromJsonAsync<AppResponse>($"api/apps/{app.SdkAppId}", Json);
        Assert.Equal(app.SecretKey, unchanged!.SecretKey);
    }

    [Fact]
    public async Task The_userSig_tool_signs_the_identifier_with_the_asked_validity_and_the_current_key()
    {
        using var client = fixture.Server.CreateAdminClient();
        var app = await CreateAppAsync(client);

        var before = DateTimeOffset.UtcNow;
        var issued = await IssueAsync(client, app.SdkAppId, new { identifier = "Console_User", expireSeconds = 3600 });

        // R2.2: the vendor format, signed with the app's secret key, for this identifier as spelled.
        Assert.Equal((app.SdkAppId, "Console_User", 3600L), (issued.SdkAppId, issued.Identifier, issued.ExpireSeconds));
        var verification = UserSigVerifier.Verify(issued.UserSig, app.SdkAppId, "Console_User", new UserSigKeys(app.SecretKey, null), DateTimeOffset.UtcNow);
        Assert.True(verification.IsValid, verification.ErrorMessage);
        Assert.Equal(issued.ExpiresAt, verification.ExpiresAt); // R2.3
        Assert.InRange(issued.ExpiresAt, before.AddSeconds(3600 - 1), DateTimeOffset.UtcNow.AddSeconds(3600));
        Assert.Equal(UserSigErrorCodes.Expired,
            UserSigVerifier.Verify(issued.UserSig, app.SdkAppId, "Console_User", new UserSigKeys(app.SecretKey, null), issued.ExpiresAt.AddSeconds(1)).ErrorCode);

        // Without a validity: the vendor libraries' 180 days. After a rotation: the new key.
        var defaulted = await IssueAsync(client, app.SdkAppId, new { identifier = "bob" });
        Assert.Equal(UserSigGenerator.DefaultExpireSeconds, defaulted.ExpireSeconds);
        using var rotate = await client.PostAsync(new Uri($"api/apps/{app.SdkAppId}/rotate-key", UriKind.Relative), null);
        var newKey = (await rotate.Content.ReadFromJsonAsync<CreatedAppResponse>(Json))!.SecretKey;
        var afterRotation = await IssueAsync(client, app.SdkAppId, new { identifier = "bob" });
        Assert.True(UserSigVerifier.Verify(afterRotation.UserSig, app.SdkAppId, "bob", new UserSigKeys(newKey, null), DateTimeOffset.UtcNow).IsValid);
    }

    [Fact]
    public async Task The_userSig_tool_signs_for_the_rest_api_admin_without_being_told_its_name()
    {
        using var client = fixture.Server.CreateAdminClient();
        var app = await CreateAppAsync(client);

        var issued = await IssueAsync(client, app.SdkAppId, new { restApiAdmin = true, expireSeconds = 300 });

        Assert.Equal("administrator", issued.Identifier); // RestApi:AdminIdentifier's default
        Assert.Equal(0, await RestApiErrorCodeAsync(app.SdkAppId, issued.UserSig));
    }

    [Theory]
    [InlineData("""{"identifier":"12345"}""")] // all digits (R2.1)
    [InlineData("""{"identifier":"has space"}""")]
    [InlineData("""{"identifier":"abcdefghijklmnopqrstuvwxyz0123456"}""")] // 33 characters
    [InlineData("""{}""")]
    [InlineData("""{"identifier":"alice","expireSeconds":0}""")]
    [InlineData("""{"identifier":"alice","expireSeconds":315360001}""")]
    public async Task The_userSig_tool_refuses_bad_identifiers_and_validities(string body)
    {
        using var client = fixture.Server.CreateAdminClient();
        var app = await CreateAppAsync(client);

        using var response = await client.PostAsync(new Uri($"api/apps/{app.SdkAppId}/usersig", UriKind.Relative),
            new StringContent(body, Encoding.UTF8, "application/json"));

        await ApiAssertions.AssertErrorAsync(response, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task The_key_endpoints_need_the_admin_token_and_an_existing_app()
    {
        using var anonymous = fixture.Server.CreateClient();
        using var admin = fixture.Server.CreateAdminClient();
        var app = fixture.Server.DefaultApp.SdkAppId;

        using var noTokenRotate = await anonymous.PostAsync(new Uri($"api/apps/{app}/rotate-key", UriKind.Relative), null);
        using var noTokenSig = await anonymous.PostAsJsonAsync($"api/apps/{app}/usersig", new { identifier = "alice" });
        using var unknown = await admin.PostAsJsonAsync($"api/apps/{app + 100_000}/usersig", new { identifier = "alice" });

        await ApiAssertions.AssertErrorAsync(noTokenRotate, HttpStatusCode.Unauthorized, ErrorCodes.AdminUnauthorized);
        await ApiAssertions.AssertErrorAsync(noTokenSig, HttpStatusCode.Unauthorized, ErrorCodes.AdminUnauthorized);
        await ApiAssertions.AssertErrorAsync(unknown, HttpStatusCode.NotFound, ErrorCodes.AppNotFound);
    }
}
