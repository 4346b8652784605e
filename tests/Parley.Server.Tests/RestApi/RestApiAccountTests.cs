using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Storage;
using Parley.Testing;

namespace Parley.Server.Tests.RestApi;

/// <summary>
/// The vendor-compatible REST API (product-rules §7) for accounts and online state, called the way an app's backend
/// calls the vendor today: the request bodies are the vendor's documented samples.
/// </summary>
public sealed class RestApiAccountTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ParleyTestServer Server => fixture.Server;

    private long App => Server.DefaultApp.SdkAppId;

    [Fact]
    public async Task Accounts_are_imported_checked_and_deleted_with_the_vendors_bodies_and_answers()
    {
        var imported = await CallAsync("im_open_login_svc/account_import", """{"UserID":"rest_alice","Nick":"Alice","FaceUrl":"http://www.example.com/a.png"}""");
        var many = await CallAsync("im_open_login_svc/multiaccount_import", """{"Accounts":["rest_bob","rest_carol","not valid!"]}""");
        var check = await CallAsync("im_open_login_svc/account_check", """{"CheckItem":[{"UserID":"rest_alice"},{"UserID":"rest_nobody"}]}""");
        var deleted = await CallAsync("im_open_login_svc/account_delete", """{"DeleteItem":[{"UserID":"rest_carol"},{"UserID":"rest_nobody"}]}""");

        AssertOk(imported);
        var stored = await Server.Services.GetRequiredService<IParleyStore>().Users.FindAsync(App, "REST_ALICE", CancellationToken.None);
        Assert.Equal(("rest_alice", "Alice", "http://www.example.com/a.png"), (stored!.Identifier, stored.Nick, stored.FaceUrl));

        AssertOk(many);
        Assert.Equal(["not valid!"], many.GetProperty("FailAccounts").EnumerateArray().Select(a => a.GetString()));

        AssertOk(check);
        var status = check.GetProperty("ResultItem").EnumerateArray().ToDictionary(i => i.GetProperty("UserID").GetString()!, i => i.GetProperty("AccountStatus").GetString());
        Assert.Equal("Imported", status["rest_alice"]);
        Assert.Equal("NotImported", status["rest_nobody"]);

        AssertOk(deleted);
        var results = deleted.GetProperty("ResultItem").EnumerateArray().ToDictionary(i => i.GetProperty("UserID").GetString()!, i => i.GetProperty("ResultCode").GetInt32());
        Assert.Equal(0, results["rest_carol"]);
        Assert.Equal(70107, results["rest_nobody"]);
        Assert.Null(await Server.Services.GetRequiredService<IParleyStore>().Users.FindAsync(App, "rest_carol", CancellationToken.None));
    }

    [Fact]
    public async Task Querystate_reports_who_is_online_on_which_platform_and_lists_unknown_accounts_as_errors()
    {
        await CallAsync("im_open_login_svc/account_import", """{"UserID":"qs_bob"}""");
        using var alice = await LoginAsync("qs_alice", "ios");

        var plain = await CallAsync("openim/querystate", """{"To_Account":["qs_alice","qs_bob","qs_ghost"]}""");
        var detailed = await CallAsync("openim/query_online_status", """{"IsNeedDetail": 1, "To_Account": ["qs_alice", "qs_bob"]}""");

        AssertOk(plain);
        var states = plain.GetProperty("QueryResult").EnumerateArray().ToDictionary(r => r.GetProperty("To_Account").GetString()!, r => r.GetProperty("State").GetString());
        Assert.Equal("Online", states["qs_alice"]);
        Assert.Equal("Offline", states["qs_bob"]);
        var error = Assert.Single(plain.GetProperty("ErrorList").EnumerateArray());
        Assert.Equal(("qs_ghost", 70107), (error.GetProperty("To_Account").GetString(), error.GetProperty("ErrorCode").GetInt32()));

        AssertOk(detailed);
        var aliceDetail = detailed.GetProperty("QueryResult").EnumerateArray().Single(r => r.GetProperty("To_Account").GetString() == "qs_alice").GetProperty("Detail");
        Assert.Equal("iPhone", Assert.Single(aliceDetail.EnumerateArray()).GetProperty("Platform").GetString());
        Assert.False(detailed.TryGetProperty("ErrorList", out _));
    }

    [Fact]
    public async Task Kick_ends_the_live_session_with_forceOffline_kickedByAdmin_and_close_4001()
    {
        using var alice = await LoginAsync("kick_alice", "web");

        AssertOk(await CallAsync("im_open_login_svc/kick", """{"UserID":"kick_alice"}"""));

        var notification = await ReceiveUntilClosedAsync(alice);
        Assert.Contains("\"forceOffline\"", notification, StringComparison.Ordinal);
        Assert.Contains("\"kickedByAdmin\"", notification, StringComparison.Ordinal);
        Assert.Equal(4001, (int?)alice.CloseStatus);
        var state = await CallAsync("openim/querystate", """{"To_Account":["kick_alice"]}""");
        Assert.Equal("Offline", state.GetProperty("QueryResult")[0].GetProperty("State").GetString());
        AssertOk(await CallAsync("im_open_login_svc/kick", """{"UserID":"kick_alice"}""")); // offline: still OK
    }

    [Fact]
    public async Task Calls_without_the_app_admins_userSig_or_with_bad_bodies_fail_inside_the_envelope_with_http_200()
    {
        using var http = Server.CreateClient();
        async Task<JsonElement> RawAsync(string query, string body, string command = "im_open_login_svc/account_import")
        {
            using var response = await http.PostAsync(new Uri($"v4/{command}?{query}", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }

        var admin = $"sdkappid={App}&identifier=administrator&usersig={Uri.EscapeDataString(Server.UserSig("administrator"))}&random=99999999&contenttype=json";
        var notAdmin = $"sdkappid={App}&identifier=alice&usersig={Uri.EscapeDataString(Server.UserSig("alice"))}&random=1&contenttype=json";

        Assert.Equal(60010, Code(await RawAsync("random=1", """{"UserID":"x1"}""")));
        Assert.Equal(60010, Code(await RawAsync(notAdmin, """{"UserID":"x1"}""")));
        Assert.Equal(70003, Code(await RawAsync($"sdkappid={App}&identifier=administrator&usersig=garbage", """{"UserID":"x1"}"""))); // R2.2: a userSig that does not decode
        Assert.Equal(60003, Code(await RawAsync(admin, "{not json")));
        Assert.Equal(10003, Code(await RawAsync(admin, "{}", "im_open_login_svc/no_such_command")));
        var missing = await RawAsync(admin, """{"Nick":"no id"}""");
        Assert.Equal(10004, Code(missing));
        Assert.Contains("UserID", missing.GetProperty("ErrorInfo").GetString(), StringComparison.Ordinal);
        Assert.Equal("FAIL", missing.GetProperty("ActionStatus").GetString());
    }

    private static int Code(JsonElement envelope) => VendorRest.Code(envelope);

    private static void AssertOk(JsonElement envelope) => VendorRest.AssertOk(envelope);

    private Task<JsonElement> CallAsync(string command, string body) => VendorRest.CallAsync(Server, command, body);

    private Task<ClientWebSocket> LoginAsync(string identifier, string platform) => VendorRest.LoginAsync(Server, identifier, platform);

    /// <summary>Everything the server sends until it closes, as one string.</summary>
    private static async Task<string> ReceiveUntilClosedAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var text = new StringBuilder();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return text.ToString();
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }
}
