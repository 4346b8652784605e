using System.Text.Json;
using Parley.Testing;

namespace Parley.Server.Tests.RestApi;

/// <summary>
/// One-to-one messages through the vendor's <c>openim</c> commands (product-rules §6, §7): <c>sendmsg</c> with the
/// vendor's sample body, delivery to the online receiver, duplicates by sender + random, <c>admin_getroammsg</c> paging,
/// and <c>admin_msgwithdraw</c>.
/// </summary>
public sealed class RestApiC2CTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ParleyTestServer Server => fixture.Server;

    private Task<JsonElement> CallAsync(string command, string body) => VendorRest.CallAsync(Server, command, body);

    [Fact]
    public async Task Sendmsg_stores_delivers_once_and_answers_MsgTime_and_MsgKey()
    {
        using var bob = await VendorRest.LoginAsync(Server, "c2c_rest_bob");
        const string body = """
            {"SyncOtherMachine":2,"From_Account":"c2c_rest_alice","To_Account":"c2c_rest_bob","MsgLifeTime":60,"MsgSeq":93847636,"MsgRandom":1287657,
             "MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi, beauty"}}],"CloudCustomData":"your cloud custom data"}
            """;

        var sent = await CallAsync("openim/sendmsg", body);
        var repeat = await CallAsync("openim/sendmsg", body);

        VendorRest.AssertOk(sent);
        Assert.True(sent.GetProperty("MsgTime").GetInt64() > 1_700_000_000);
        Assert.EndsWith("_1287657_" + sent.GetProperty("MsgTime").GetInt64(), sent.GetProperty("MsgKey").GetString(), StringComparison.Ordinal);
        Assert.Equal(sent.GetProperty("MsgKey").GetString(), repeat.GetProperty("MsgKey").GetString()); // product-rules §6
        var received = (await VendorRest.ReceiveEventsAsync(bob, "messageReceived", 1))[0];
        Assert.Equal(("c2c", "c2c_rest_alice", "hi, beauty"), (received.GetProperty("conversationType").GetString(), received.GetProperty("from").GetString(),
            received.GetProperty("msgBody")[0].GetProperty("MsgContent").GetProperty("Text").GetString()));
        Assert.False(await VendorRest.AnotherEventArrivesAsync(bob, "messageReceived", TimeSpan.FromMilliseconds(300)));
        Assert.Equal(10004, VendorRest.Code(await CallAsync("openim/sendmsg", """{"To_Account":"c2c_rest_bob","MsgRandom":1,"MsgBody":[]}""")));
        Assert.Equal(10004, VendorRest.Code(await CallAsync("openim/sendmsg", """{"MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}""")));
    }

    [Fact]
    public async Task Admin_getroammsg_pages_newest_first_with_LastMsgKey_and_withdraw_recalls()
    {
        var keys = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            var (from, to) = i % 2 == 0 ? ("roam_b", "roam_a") : ("roam_a", "roam_b");
            var body = "[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"r" + i + "\"}}]";
            var sent = await CallAsync("openim/sendmsg", $$"""{"From_Account":"{{from}}","To_Account":"{{to}}","MsgRandom":{{i}},"MsgBody":{{body}}}""");
            keys.Add(sent.GetProperty("MsgKey").GetString()!);
        }

        var first = await CallAsync("openim/admin_getroammsg", """{"Operator_Account":"roam_a","Peer_Account":"roam_b","MaxCnt":3,"MinTime":0,"MaxTime":4102444800}""");
        var second = await CallAsync("openim/admin_getroammsg",
            $$"""{"Operator_Account":"roam_a","Peer_Account":"roam_b","MaxCnt":3,"MinTime":0,"MaxTime":4102444800,"LastMsgKey":"{{first.GetProperty("LastMsgKey").GetString()}}"}""");

        string Texts(JsonElement page) => string.Join(",", page.GetProperty("MsgList").EnumerateArray().Select(m => m.GetProperty("MsgBody")[0].GetProperty("MsgContent").GetProperty("Text").GetString()));
        Assert.Equal(("r5,r4,r3", 0), (Texts(first), first.GetProperty("Complete").GetInt32()));
        Assert.Equal(("r2,r1", 1), (Texts(second), second.GetProperty("Complete").GetInt32()));

        VendorRest.AssertOk(await CallAsync("openim/admin_msgwithdraw", $$"""{"From_Account":"roam_a","To_Account":"roam_b","MsgKey":"{{keys[0]}}"}"""));
        var after = await CallAsync("openim/admin_getroammsg", """{"Operator_Account":"roam_b","Peer_Account":"roam_a","MaxCnt":10,"MinTime":0,"MaxTime":4102444800}""");
        Assert.Equal(1, after.GetProperty("MsgList").EnumerateArray().Last().GetProperty("MsgFlagBits").GetInt32());
    }
}
