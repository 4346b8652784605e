using Parley.Server.Callbacks;
using Parley.Server.Tests.RestApi;
using Parley.Testing;

namespace Parley.Server.Tests.Callbacks;

/// <summary>
/// The before-send callback on the vendor REST API's sends (docs/callbacks.md §4): asked as for a client's send, unless
/// the request's <c>ForbidCallbackControl</c> names <c>ForbidBeforeSendMsgCallback</c>, as with the vendor.
/// </summary>
public sealed class RestBeforeSendTests : IAsyncLifetime
{
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
    public async Task A_backends_group_message_is_refused_with_10016_unless_it_forbids_the_callback()
    {
        var key = await _server.UseCallbackReceiverAsync(_receiver, events: [], beforeSend: true);
        _receiver.Respond = _ => Task.FromResult(new CallbackAnswer(200, """{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":"not today"}"""));
        VendorRest.AssertOk(await VendorRest.CallAsync(_server, "group_open_http_svc/create_group", """{"Owner_Account":"rb_owner","Type":"Public","GroupId":"rbg","Name":"r"}"""));

        var refused = await VendorRest.CallAsync(_server, "group_open_http_svc/send_group_msg", $$"""{"GroupId":"rbg","Random":1,"MsgBody":{{VendorRest.Text("hi")}}}""");
        var question = Assert.Single(_receiver.Received);
        var forced = await VendorRest.CallAsync(_server, "group_open_http_svc/send_group_msg",
            $$"""{"GroupId":"rbg","Random":2,"MsgBody":{{VendorRest.Text("hi")}},"ForbidCallbackControl":["ForbidBeforeSendMsgCallback"]}""");
        var history = await VendorRest.CallAsync(_server, "group_open_http_svc/group_msg_get_simple", """{"GroupId":"rbg","ReqMsgNumber":5}""");

        Assert.Equal((10016, "not today"), (VendorRest.Code(refused), refused.GetProperty("ErrorInfo").GetString()));
        VendorRest.AssertOk(forced);
        Assert.Single(_receiver.Received); // the forced send asked nobody
        Assert.Equal("/before-send", question.Path);
        Assert.Contains("CallbackCommand=Group.CallbackBeforeSendMsg", question.Query, StringComparison.Ordinal);
        Assert.Contains("OptPlatform=RESTAPI", question.Query, StringComparison.Ordinal);
        Assert.True(CallbackSigner.Verify(key, question.Body, question.Sign));
        Assert.Equal(("rbg", "Public", "administrator", 1u),
            (question.Json.GetProperty("GroupId").GetString(), question.Json.GetProperty("Type").GetString(), question.Json.GetProperty("From_Account").GetString(),
                question.Json.GetProperty("Random").GetUInt32()));
        Assert.Equal(1, history.GetProperty("RspMsgList").GetArrayLength()); // only the forced one was stored
    }

    [Fact]
    public async Task A_backends_c2c_message_is_stored_as_the_callback_rewrote_it()
    {
        await _server.UseCallbackReceiverAsync(_receiver, events: [], beforeSend: true);
        _receiver.Respond = _ => Task.FromResult(new CallbackAnswer(200,
            $$"""{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MsgBody":{{VendorRest.Text("[redacted]")}}}"""));

        VendorRest.AssertOk(await VendorRest.CallAsync(_server, "openim/sendmsg",
            $$"""{"From_Account":"rw_alice","To_Account":"rw_bob","MsgRandom":9,"MsgBody":{{VendorRest.Text("my password is hunter2")}}}"""));
        var roam = await VendorRest.CallAsync(_server, "openim/admin_getroammsg",
            """{"Operator_Account":"rw_alice","Peer_Account":"rw_bob","MaxCnt":10,"MinTime":0,"MaxTime":4000000000}""");

        var question = Assert.Single(_receiver.Received).Json;
        Assert.Equal(("C2C.CallbackBeforeSendMsg", "rw_alice", "rw_bob"),
            (question.GetProperty("CallbackCommand").GetString(), question.GetProperty("From_Account").GetString(), question.GetProperty("To_Account").GetString()));
        Assert.Equal("my password is hunter2", question.GetProperty("MsgBody")[0].GetProperty("MsgContent").GetProperty("Text").GetString());
        var stored = Assert.Single(roam.GetProperty("MsgList").EnumerateArray());
        Assert.Equal("[redacted]", stored.GetProperty("MsgBody")[0].GetProperty("MsgContent").GetProperty("Text").GetString());
    }
}
