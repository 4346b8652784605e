using System.Text.Json;
using Parley.Server.Callbacks;
using Parley.Server.Tests.RestApi;
using Parley.Testing;

namespace Parley.Server.Tests.Callbacks;

/// <summary>
/// Group and C2C events reach the app's URL in the vendor's IM-callback shape, signed (docs/callbacks.md §3): driven
/// through the vendor REST API against a real server and a real receiver on loopback.
/// </summary>
public sealed class GroupEventCallbackTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private ParleyTestServer _server = null!;
    private CallbackReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _server = await ParleyTestServer.StartAsync();
        _receiver = await CallbackReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_groups_life_arrives_as_the_vendors_group_callbacks_signed_with_the_apps_callback_key()
    {
        var key = await _server.UseCallbackReceiverAsync(_receiver);

        await RestAsync("group_open_http_svc/create_group",
            """{"Owner_Account":"cb_alice","Type":"Public","GroupId":"cbgroup","Name":"callbacks","MemberList":[{"Member_Account":"cb_bob"}]}""");
        await RestAsync("group_open_http_svc/add_group_member", """{"GroupId":"cbgroup","MemberList":[{"Member_Account":"cb_carol"}]}""");
        await RestAsync("group_open_http_svc/send_group_msg", $$"""{"GroupId":"cbgroup","From_Account":"cb_bob","Random":77,"MsgBody":{{VendorRest.Text("hello")}}}""");
        await RestAsync("group_open_http_svc/delete_group_member", """{"GroupId":"cbgroup","MemberToDel_Account":["cb_carol"]}""");
        await RestAsync("group_open_http_svc/destroy_group", """{"GroupId":"cbgroup"}""");

        // Delivered concurrently, so in any order: collect by event.
        var byType = new Dictionary<int, ReceivedCallback>();
        while (byType.Count < 5)
        {
            var next = await _receiver.NextAsync(Wait);
            Assert.True(byType.TryAdd(next.EventType, next), $"{next.EventType} arrived twice");
        }

        foreach (var (type, callback) in byType)
        {
            Assert.True(CallbackSigner.Verify(key, callback.Body, callback.Sign), $"{type}: Sign does not verify");
            Assert.Equal(_server.DefaultApp.SdkAppId.ToString(System.Globalization.CultureInfo.InvariantCulture), callback.Header("SdkAppId"));
            Assert.Equal("/events", callback.Path);
            Assert.Contains($"SdkAppid={_server.DefaultApp.SdkAppId}", callback.Query, StringComparison.Ordinal);
            Assert.Contains("CallbackCommand=" + callback.Json.GetProperty("CallbackCommand").GetString(), callback.Query, StringComparison.Ordinal);
            Assert.Contains("contenttype=json", callback.Query, StringComparison.Ordinal);
            Assert.Equal(("cbgroup", "Public"), (callback.Json.GetProperty("GroupId").GetString(), callback.Json.GetProperty("Type").GetString()));
            Assert.Equal(32, callback.EventId!.Length);
            Assert.Equal(1, callback.Attempt);
        }

        var created = byType[301].Json;
        Assert.Equal("Group.CallbackAfterCreateGroup", created.GetProperty("CallbackCommand").GetString());
        Assert.Equal(("cb_alice", "callbacks"), (created.GetProperty("Owner_Account").GetString(), created.GetProperty("Name").GetString()));
        Assert.Equal(["cb_alice", "cb_bob"], Members(created, "MemberList"));
        var joined = byType[303].Json;
        Assert.Equal(("Group.CallbackAfterNewMemberJoin", "Invited"), (joined.GetProperty("CallbackCommand").GetString(), joined.GetProperty("JoinType").GetString()));
        Assert.Equal(["cb_carol"], Members(joined, "NewMemberList"));
        var sent = byType[305].Json; // seq 1 is the tip of carol's join
        Assert.Equal(("cb_bob", 77u, 2L), (sent.GetProperty("From_Account").GetString(), sent.GetProperty("Random").GetUInt32(), sent.GetProperty("MsgSeq").GetInt64()));
        Assert.Equal("hello", sent.GetProperty("MsgBody")[0].GetProperty("MsgContent").GetProperty("Text").GetString());
        var left = byType[304].Json;
        Assert.Equal(("Group.CallbackAfterMemberExit", "Kicked"), (left.GetProperty("CallbackCommand").GetString(), left.GetProperty("ExitType").GetString()));
        Assert.Equal(["cb_carol"], Members(left, "ExitMemberList"));
        var destroyed = byType[302].Json;
        Assert.Equal("Group.CallbackAfterGroupDestroyed", destroyed.GetProperty("CallbackCommand").GetString());
        Assert.Equal(["cb_alice", "cb_bob"], Members(destroyed, "MemberList").Order());
    }

    [Fact]
    public async Task A_c2c_message_arrives_as_the_vendors_c2c_callback_and_the_event_filter_holds_back_the_rest()
    {
        await _server.UseCallbackReceiverAsync(_receiver, events: [306]);

        await RestAsync("group_open_http_svc/create_group", """{"Owner_Account":"cf_alice","Type":"Public","GroupId":"cfgroup","Name":"f"}""");
        await RestAsync("openim/sendmsg", $$"""{"From_Account":"cf_alice","To_Account":"cf_bob","MsgRandom":5,"MsgBody":{{VendorRest.Text("psst")}}}""");

        var c2c = (await _receiver.NextAsync(Wait)).Json;
        Assert.Equal(("C2C.CallbackAfterSendMsg", "cf_alice", "cf_bob", 5u),
            (c2c.GetProperty("CallbackCommand").GetString(), c2c.GetProperty("From_Account").GetString(), c2c.GetProperty("To_Account").GetString(),
                c2c.GetProperty("MsgRandom").GetUInt32()));
        Assert.Equal("psst", c2c.GetProperty("MsgBody")[0].GetProperty("MsgContent").GetProperty("Text").GetString());
        Assert.StartsWith(c2c.GetProperty("MsgSeq").GetInt64() + "_5_", c2c.GetProperty("MsgKey").GetString(), StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Single(_receiver.Received); // the group's 301 was not wanted
    }

    private static string[] Members(JsonElement body, string list) =>
        [.. body.GetProperty(list).EnumerateArray().Select(m => m.GetProperty("Member_Account").GetString()!)];

    private async Task RestAsync(string command, string body) => VendorRest.AssertOk(await VendorRest.CallAsync(_server, command, body));
}
