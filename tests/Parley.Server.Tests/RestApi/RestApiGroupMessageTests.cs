using System.Net.WebSockets;
using System.Text.Json;
using Parley.Testing;

namespace Parley.Server.Tests.RestApi;

/// <summary>
/// Group messages sent through the vendor's <c>send_group_msg</c> (product-rules §6): per-group MsgSeq from 1, stored
/// before the answer, delivered to online members as <c>messageReceived</c>, duplicates by sender + Random suppressed,
/// history through <c>group_msg_get_simple</c>.
/// </summary>
public sealed class RestApiGroupMessageTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ParleyTestServer Server => fixture.Server;

    private Task<JsonElement> CallAsync(string command, string body) => VendorRest.CallAsync(Server, command, body);

    private static string Text(string text) => VendorRest.Text(text);

    [Fact]
    public async Task Messages_get_consecutive_seqs_from_1_reach_online_members_once_and_stay_in_history()
    {
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group",
            """{"Owner_Account":"msg_owner","Type":"ChatRoom","GroupId":"chat1","Name":"chat","MemberList":[{"Member_Account":"msg_bob"}]}"""));
        using var bob = await LoginAsync("msg_bob");

        var first = await CallAsync("group_open_http_svc/send_group_msg", $$"""{"GroupId":"chat1","From_Account":"msg_owner","Random":8912345,"MsgBody":{{Text("hello")}}}""");
        var second = await CallAsync("group_open_http_svc/send_group_msg", $$"""{"GroupId":"chat1","Random":1,"MsgPriority":"High","MsgBody":{{Text("from the backend")}}}""");
        var repeat = await CallAsync("group_open_http_svc/send_group_msg", $$"""{"GroupId":"chat1","From_Account":"msg_owner","Random":8912345,"MsgBody":{{Text("hello")}}}""");

        VendorRest.AssertOk(first);
        Assert.Equal(1, first.GetProperty("MsgSeq").GetInt64());
        Assert.True(first.GetProperty("MsgTime").GetInt64() > 1_700_000_000);
        Assert.Equal(2, second.GetProperty("MsgSeq").GetInt64());
        Assert.Equal(1, repeat.GetProperty("MsgSeq").GetInt64()); // the same sender + Random within 5 minutes is the same message

        var received = await ReceiveEventsAsync(bob, "messageReceived", count: 2);
        Assert.Equal([1L, 2L], received.Select(e => e.GetProperty("msgSeq").GetInt64()));
        Assert.Equal("hello", received[0].GetProperty("msgBody")[0].GetProperty("MsgContent").GetProperty("Text").GetString());
        Assert.Equal(("chat1", "msg_owner", 8912345u), (received[0].GetProperty("groupId").GetString(), received[0].GetProperty("from").GetString(), received[0].GetProperty("msgRandom").GetUInt32()));
        Assert.False(await AnotherEventArrivesAsync(bob, "messageReceived", TimeSpan.FromMilliseconds(500))); // the repeat was not delivered again

        var history = await CallAsync("group_open_http_svc/group_msg_get_simple", """{"GroupId":"chat1","ReqMsgNumber":20}""");
        VendorRest.AssertOk(history);
        Assert.Equal(1, history.GetProperty("IsFinished").GetInt32());
        var list = history.GetProperty("RspMsgList").EnumerateArray().ToList();
        Assert.Equal([2L, 1L], list.Select(m => m.GetProperty("MsgSeq").GetInt64())); // newest first
        Assert.Equal(("msg_owner", 0, "hello"), (list[1].GetProperty("From_Account").GetString(), list[1].GetProperty("IsPlaceMsg").GetInt32(),
            list[1].GetProperty("MsgBody")[0].GetProperty("MsgContent").GetProperty("Text").GetString()));
        Assert.Equal("High", list[0].GetProperty("MsgPriority").GetString());
    }

    [Fact]
    public async Task History_pages_back_from_a_seq_and_says_when_it_reached_the_first_message()
    {
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group", """{"Owner_Account":"hist_owner","Type":"Public","GroupId":"hist1","Name":"h"}"""));
        for (var i = 1; i <= 25; i++)
        {
            VendorRest.AssertOk(await CallAsync("group_open_http_svc/send_group_msg", $$"""{"GroupId":"hist1","From_Account":"hist_owner","Random":{{i}},"MsgBody":{{Text("m" + i)}}}"""));
        }

        var newest = await CallAsync("group_open_http_svc/group_msg_get_simple", """{"GroupId":"hist1","ReqMsgNumber":20}""");
        Assert.Equal(0, newest.GetProperty("IsFinished").GetInt32());
        Assert.Equal(Enumerable.Range(6, 20).Reverse().Select(i => (long)i), newest.GetProperty("RspMsgList").EnumerateArray().Select(m => m.GetProperty("MsgSeq").GetInt64()));
        var older = await CallAsync("group_open_http_svc/group_msg_get_simple", """{"GroupId":"hist1","ReqMsgNumber":20,"ReqMsgSeq":5}""");
        Assert.Equal(1, older.GetProperty("IsFinished").GetInt32());
        Assert.Equal([5L, 4L, 3L, 2L, 1L], older.GetProperty("RspMsgList").EnumerateArray().Select(m => m.GetProperty("MsgSeq").GetInt64()));
    }

    [Fact]
    public async Task Concurrent_senders_get_distinct_consecutive_seqs()
    {
        var members = string.Join(",", Enumerable.Range(0, 10).Select(i => $$"""{"Member_Account":"seq_s{{i}}"}"""));
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group", $$"""{"Owner_Account":"seq_owner","Type":"Public","GroupId":"seqrace","Name":"s","MemberList":[{{members}}]}"""));

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            CallAsync("group_open_http_svc/send_group_msg", $$"""{"GroupId":"seqrace","From_Account":"seq_s{{i}}","Random":7,"MsgBody":{{Text("x")}}}""")));

        Assert.All(answers, VendorRest.AssertOk);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), answers.Select(a => a.GetProperty("MsgSeq").GetInt64()).Order());
    }

    [Fact]
    public async Task Bad_messages_and_senders_are_refused_with_the_vendors_codes()
    {
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group", """{"Owner_Account":"bad_owner","Type":"Public","GroupId":"badmsg","Name":"b"}"""));
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group", """{"Owner_Account":"bad_owner","Type":"AVChatRoom","GroupId":"live2","Name":"live"}"""));

        Assert.Equal(10007, VendorRest.Code(await CallAsync("group_open_http_svc/send_group_msg", $$"""{"GroupId":"badmsg","From_Account":"bad_stranger","Random":1,"MsgBody":{{Text("hi")}}}""")));
        Assert.Equal(10010, VendorRest.Code(await CallAsync("group_open_http_svc/send_group_msg", $$"""{"GroupId":"nosuch","Random":1,"MsgBody":{{Text("hi")}}}""")));
        Assert.Equal(10004, VendorRest.Code(await CallAsync("group_open_http_svc/send_group_msg", $$"""{"GroupId":"badmsg","Random":1,"MsgBody":{{Text(new string('x', 12 * 1024))}}}""")));
        Assert.Equal(10004, VendorRest.Code(await CallAsync("group_open_http_svc/send_group_msg",
            """{"GroupId":"badmsg","Random":1,"MsgBody":[{"MsgType":"TIMCustomElem","MsgContent":{"Data":"a"}},{"MsgType":"TIMCustomElem","MsgContent":{"Data":"b"}}]}""")));
        Assert.Equal(10004, VendorRest.Code(await CallAsync("group_open_http_svc/send_group_msg", """{"GroupId":"badmsg","Random":1,"MsgBody":[{"MsgType":"TIMMagicElem","MsgContent":{}}]}""")));
        Assert.Equal(10004, VendorRest.Code(await CallAsync("group_open_http_svc/send_group_msg", $$"""{"GroupId":"badmsg","MsgBody":{{Text("no random")}}}""")));

        // AVChatRoom: messages are delivered, but no history is kept (product-rules §5).
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/send_group_msg", $$"""{"GroupId":"live2","Random":1,"MsgBody":{{Text("live")}}}"""));
        Assert.Equal(10007, VendorRest.Code(await CallAsync("group_open_http_svc/group_msg_get_simple", """{"GroupId":"live2","ReqMsgNumber":5}""")));
    }

    [Fact]
    public async Task A_bchatroom_message_reaches_every_online_user_of_the_app_without_joining()
    {
        // R5.3: BChatRoom pushes to every online user; only its owner, admins and the backend send.
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group", """{"Owner_Account":"bc_owner","Type":"BChatRoom","GroupId":"bcast1","Name":"news"}"""));
        using var anyone = await LoginAsync("bc_anyone");
        using var someoneElse = await LoginAsync("bc_someone");

        VendorRest.AssertOk(await CallAsync("group_open_http_svc/send_group_msg", $$"""{"GroupId":"bcast1","Random":1,"MsgBody":{{Text("to everyone")}}}"""));

        foreach (var socket in new[] { anyone, someoneElse })
        {
            var received = (await ReceiveEventsAsync(socket, "messageReceived", 1))[0];
            Assert.Equal(("bcast1", "to everyone"), (received.GetProperty("groupId").GetString(),
                received.GetProperty("msgBody")[0].GetProperty("MsgContent").GetProperty("Text").GetString()));
        }

        var joined = await VendorRest.RequestErrorAsync(anyone, "joinGroup", """{"groupId":"bcast1"}""");
        Assert.Equal(10007, joined); // nothing to join: everyone online already receives it
    }

    private Task<ClientWebSocket> LoginAsync(string identifier) => VendorRest.LoginAsync(Server, identifier);

    private static Task<List<JsonElement>> ReceiveEventsAsync(ClientWebSocket socket, string method, int count) => VendorRest.ReceiveEventsAsync(socket, method, count);

    private static Task<bool> AnotherEventArrivesAsync(ClientWebSocket socket, string method, TimeSpan wait) => VendorRest.AnotherEventArrivesAsync(socket, method, wait);
}
