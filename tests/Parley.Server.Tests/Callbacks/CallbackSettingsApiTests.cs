using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Parley.Protocol.Errors;
using Parley.Testing;

namespace Parley.Server.Tests.Callbacks;

/// <summary>GET/PUT <c>/api/apps/{sdkAppId}/callbacks</c> (docs/admin-api.md): validation, defaults and the signing key shown once.</summary>
public sealed class CallbackSettingsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ParleyTestServer Server => fixture.Server;

    [Fact]
    public async Task An_app_without_settings_sends_nothing_and_has_before_send_off()
    {
        var app = await NewAppAsync();
        using var admin = Server.CreateAdminClient();

        var settings = await admin.GetFromJsonAsync<JsonElement>($"api/apps/{app}/callbacks");

        Assert.Equal(JsonValueKind.Null, settings.GetProperty("url").ValueKind);
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("events").ValueKind);
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("beforeSend").GetProperty("url").ValueKind);
        Assert.Equal((2000, true), (settings.GetProperty("beforeSend").GetProperty("timeoutMs").GetInt32(), settings.GetProperty("beforeSend").GetProperty("failOpen").GetBoolean()));
        Assert.False(settings.GetProperty("hasSigningKey").GetBoolean());
        Assert.Equal(0, settings.GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task The_first_put_generates_a_signing_key_shown_once_and_later_puts_keep_it_unless_asked_to_rotate()
    {
        var app = await NewAppAsync();

        var first = await Server.PutCallbacksAsync(app, """{"url":"https://example.test/cb","events":[104,101,104],"beforeSend":{"url":"http://example.test/before","timeoutMs":800,"failOpen":false}}""");
        var second = await Server.PutCallbacksAsync(app, """{"url":"https://example.test/cb2","events":null,"beforeSend":null}""");
        using var admin = Server.CreateAdminClient();
        var shown = await admin.GetFromJsonAsync<JsonElement>($"api/apps/{app}/callbacks");
        var rotated = await Server.PutCallbacksAsync(app, """{"url":"https://example.test/cb2","rotateSigningKey":true}""");
        var chosen = await Server.PutCallbacksAsync(app, """{"url":"https://example.test/cb2","signingKey":"my-own-callback-key-1"}""");

        var key = first.GetProperty("signingKey").GetString();
        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.Equal([101, 104], first.GetProperty("events").EnumerateArray().Select(e => e.GetInt32())); // sorted, once each
        Assert.Equal(("http://example.test/before", 800, false),
            (first.GetProperty("beforeSend").GetProperty("url").GetString(), first.GetProperty("beforeSend").GetProperty("timeoutMs").GetInt32(),
                first.GetProperty("beforeSend").GetProperty("failOpen").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("signingKey").ValueKind); // kept, not shown again
        Assert.Equal(JsonValueKind.Null, second.GetProperty("beforeSend").GetProperty("url").ValueKind);
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("signingKey").ValueKind);
        Assert.True(shown.GetProperty("hasSigningKey").GetBoolean());
        Assert.Equal("https://example.test/cb2", shown.GetProperty("url").GetString());
        Assert.NotEqual(key, rotated.GetProperty("signingKey").GetString());
        Assert.Equal("my-own-callback-key-1", chosen.GetProperty("signingKey").GetString());
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.test/cb"}""")]
    [InlineData("""{"url":"/relative"}""")]
    [InlineData("""{"url":"https://example.test/cb#frag"}""")]
    [InlineData("""{"url":"https://example.test/cb","events":[101,999]}""")]
    [InlineData("""{"url":"https://example.test/cb","events":[0]}""")]
    [InlineData("""{"url":null,"beforeSend":{"url":"https://example.test/b","timeoutMs":99}}""")]
    [InlineData("""{"url":null,"beforeSend":{"url":"https://example.test/b","timeoutMs":5001}}""")]
    [InlineData("""{"url":null,"beforeSend":{"url":"mailto:x@example.test"}}""")]
    [InlineData("""{"url":null,"signingKey":"short"}""")]
    [InlineData("""{"url":null,"signingKey":"has a space in it ....."}""")]
    public async Task Invalid_settings_are_refused_with_91004_and_change_nothing(string body)
    {
        var app = await NewAppAsync();
        using var admin = Server.CreateAdminClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await admin.PutAsync(new Uri($"api/apps/{app}/callbacks", UriKind.Relative), content);

        await ApiAssertions.AssertErrorAsync(response, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.False((await admin.GetFromJsonAsync<JsonElement>($"api/apps/{app}/callbacks")).GetProperty("hasSigningKey").GetBoolean());
    }

    [Fact]
    public async Task An_unknown_app_is_404_and_no_token_is_401()
    {
        using var admin = Server.CreateAdminClient();
        using var anonymous = Server.CreateClient();
        using var content = new StringContent("""{"url":null}""", Encoding.UTF8, "application/json");

        using var get = await admin.GetAsync(new Uri("api/apps/999/callbacks", UriKind.Relative));
        using var put = await admin.PutAsync(new Uri("api/apps/999/callbacks", UriKind.Relative), content);
        using var dead = await admin.GetAsync(new Uri("api/apps/999/callbacks/dead-letters", UriKind.Relative));
        using var noToken = await anonymous.GetAsync(new Uri($"api/apps/{Server.DefaultApp.SdkAppId}/callbacks", UriKind.Relative));
        using var noSuchDeadLetter = await admin.PostAsync(new Uri($"api/apps/{Server.DefaultApp.SdkAppId}/callbacks/dead-letters/12345/retry", UriKind.Relative), null);

        await ApiAssertions.AssertErrorAsync(get, HttpStatusCode.NotFound, ErrorCodes.AppNotFound);
        await ApiAssertions.AssertErrorAsync(put, HttpStatusCode.NotFound, ErrorCodes.AppNotFound);
        await ApiAssertions.AssertErrorAsync(dead, HttpStatusCode.NotFound, ErrorCodes.AppNotFound);
        await ApiAssertions.AssertErrorAsync(noToken, HttpStatusCode.Unauthorized, ErrorCodes.AdminUnauthorized);
        Assert.True(noSuchDeadLetter.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict);
    }

    private async Task<long> NewAppAsync()
    {
        using var admin = Server.CreateAdminClient();
        using var content = new StringContent("{\"name\":\"cb\"}", Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync(new Uri("api/apps", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sdkAppId").GetInt64();
    }
}
