using System.Text.Json;
using Parley.Server.Tests.RestApi;
using Parley.Testing;

namespace Parley.Server.Tests.Storage;

/// <summary>
/// The whole server on <c>Storage:Provider=postgres</c>: it migrates an empty database at start, serves apps, groups
/// and messages from it, and a restart on the same database finds everything (the default app, the admin token, the
/// groups, their history and C2C messages).
/// </summary>
public sealed class ServerOnPostgresTests
{
    private static string Text(string text) => VendorRest.Text(text);

    [Fact]
    public async Task A_server_on_postgres_keeps_apps_groups_and_messages_across_a_restart()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("server");
        var settings = new Dictionary<string, string?> { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = database, ["Storage:MaxPoolSize"] = "20" };
        try
        {
            long sdkAppId;
            string adminToken;
            await using (var first = await ParleyTestServer.StartAsync(settings: settings))
            {
                (sdkAppId, adminToken) = (first.DefaultApp.SdkAppId, first.AdminToken);
                using var bob = await VendorRest.LoginAsync(first, "pg_bob");
                VendorRest.AssertOk(await first.CallRestApiAsync("group_open_http_svc/create_group",
                    """{"Owner_Account":"pg_owner","Type":"Public","GroupId":"pg_group","Name":"on postgres","MemberList":[{"Member_Account":"pg_bob"}]}"""));
                var sent = await first.CallRestApiAsync("group_open_http_svc/send_group_msg",
                    $$"""{"GroupId":"pg_group","From_Account":"pg_owner","Random":3000000001,"MsgBody":{{Text("hello from postgres")}}}""");
                Assert.Equal(1, sent.GetProperty("MsgSeq").GetInt64());
                VendorRest.AssertOk(await first.CallRestApiAsync("openim/sendmsg",
                    $$"""{"From_Account":"pg_owner","To_Account":"pg_bob","MsgRandom":77,"MsgBody":{{Text("one to one")}}}"""));
                var received = await VendorRest.ReceiveEventsAsync(bob, "messageReceived", 2);
                Assert.Equal(["hello from postgres", "one to one"], received.Select(Body).Order(StringComparer.Ordinal));
            }

            await using var second = await ParleyTestServer.StartAsync(settings: settings);

            Assert.Equal((sdkAppId, adminToken), (second.DefaultApp.SdkAppId, second.AdminToken));
            var history = await second.CallRestApiAsync("group_open_http_svc/group_msg_get_simple", """{"GroupId":"pg_group","ReqMsgNumber":20}""");
            var message = Assert.Single(history.GetProperty("RspMsgList").EnumerateArray());
            Assert.Equal(("pg_owner", 3000000001u), (message.GetProperty("From_Account").GetString(), message.GetProperty("MsgRandom").GetUInt32()));
            var next = await second.CallRestApiAsync("group_open_http_svc/send_group_msg",
                $$"""{"GroupId":"pg_group","From_Account":"pg_bob","Random":5,"MsgBody":{{Text("after the restart")}}}""");
            Assert.Equal(2, next.GetProperty("MsgSeq").GetInt64()); // the seq continues from the database
            var roam = await second.CallRestApiAsync("openim/admin_getroammsg",
                """{"Operator_Account":"pg_bob","Peer_Account":"pg_owner","MaxCnt":10,"MinTime":0,"MaxTime":4102444800}""");
            Assert.Equal("one to one", Body(Assert.Single(roam.GetProperty("MsgList").EnumerateArray())));
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    private static string Body(JsonElement message) =>
        (message.TryGetProperty("msgBody", out var lower) ? lower : message.GetProperty("MsgBody"))[0].GetProperty("MsgContent").GetProperty("Text").GetString()!;
}
