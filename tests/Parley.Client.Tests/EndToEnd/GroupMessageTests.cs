
namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// A group message the app's backend sends through the vendor REST API reaches a member's <see cref="ParleyClient"/>
/// as <see cref="ParleyClient.MessageReceived"/>; the REST kick reaches it as ForceOffline (kickedByAdmin).
/// </summary>
public sealed class GroupMessageTests(SharedServerFixture fixture) : SharedServerTests(fixture)
{
    [Fact]
    public async Task A_member_online_in_the_sdk_receives_the_groups_messages_in_seq_order()
    {
        var (alice, aliceId) = await LoginAsync("gm_alice");
        var groupId = "sdk_" + aliceId;
        await RestAsync("group_open_http_svc/create_group", $$"""{"Owner_Account":"{{aliceId}}","Type":"ChatRoom","GroupId":"{{groupId}}","Name":"sdk"}""");
        var received = Record<ChatMessageEventArgs>(h => alice.MessageReceived += h);

        await RestAsync("group_open_http_svc/send_group_msg", $$$"""{"GroupId":"{{{groupId}}}","Random":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"first"}}]}""");
        await RestAsync("group_open_http_svc/send_group_msg", $$$"""{"GroupId":"{{{groupId}}}","From_Account":"{{{aliceId}}}","Random":2,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"second"}},{"MsgType":"TIMCustomElem","MsgContent":{"Data":"x"}}]}""");

        var first = await received.NextAsync(TimeSpan.FromSeconds(10));
        var second = await received.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((groupId, 1L, "first", ""), (first.Message.GroupId, first.Message.MsgSeq, first.Text, first.Message.From));
        Assert.Equal((2L, "second", aliceId, 2u), (second.Message.MsgSeq, second.Text, second.Message.From, second.Message.MsgRandom));
        Assert.Equal(2, second.Message.MsgBody!.Value.GetArrayLength());
    }

    [Fact]
    public async Task A_rest_kick_ends_the_sdk_session_with_kickedByAdmin_and_no_reconnect()
    {
        var (bob, bobId) = await LoginAsync("gm_bob");
        var kicked = Record<ForceOfflineEventArgs>(h => bob.ForceOffline += h);
        var disconnected = Record<DisconnectedEventArgs>(h => bob.Disconnected += h);

        await RestAsync("im_open_login_svc/kick", $$"""{"UserID":"{{bobId}}"}""");

        Assert.Equal("kickedByAdmin", (await kicked.NextAsync(TimeSpan.FromSeconds(10))).Reason);
        var closed = await disconnected.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4001, closed.CloseCode);
        Assert.False(closed.WillReconnect);
    }

    private async Task RestAsync(string command, string body)
    {
        var envelope = await Fixture.Server.CallRestApiAsync(command, body);
        Assert.True(envelope.GetProperty("ErrorCode").GetInt32() == 0, envelope.ToString());
    }
}
