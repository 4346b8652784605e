using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Web;

/// <summary>
/// Chat in Chromium over real signaling (issue "Groups and messages" §7, proof "a guest page"): the demo's group chat
/// beside the call, and the <c>/live</c> page where a visitor who is not logged in reads an AVChatRoom (R5.3).
/// </summary>
public sealed class ChromiumChatTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Two_demo_pages_chat_in_the_rooms_group_and_a_later_page_shows_the_history()
    {
        int room = Random.Shared.Next(100_000, 9_000_000);
        var alice = await NewPageAsync();
        var bob = await NewPageAsync();
        await alice.GotoAsync($"/demo?identifier=ca_{room}&room={room}&autojoin=1&publish=0");
        await WaitUntilAsync(alice, "() => window.parleyDemo.state.group.groupId !== null && !document.querySelector('#groupChat').hidden");
        await bob.GotoAsync($"/demo?identifier=cb_{room}&room={room}&autojoin=1&publish=0");
        await WaitUntilAsync(bob, "() => window.parleyDemo.state.group.groupId !== null && !document.querySelector('#groupChat').hidden");

        await alice.FillAsync("#groupMessage", "hello from alice");
        await alice.ClickAsync("#groupForm button");
        await WaitUntilAsync(bob, "() => window.parleyDemo.state.group.messages.some(m => m.text === 'hello from alice')");
        await bob.FillAsync("#groupMessage", "hi alice");
        await bob.ClickAsync("#groupForm button");
        await WaitUntilAsync(alice, "() => window.parleyDemo.state.group.messages.some(m => m.text === 'hi alice')");

        var carol = await NewPageAsync();
        await carol.GotoAsync($"/demo?identifier=cc_{room}&room={room}&autojoin=1&publish=0");
        await WaitUntilAsync(carol, "() => window.parleyDemo.state.group.messages.length >= 2");
        Assert.Equal(["hello from alice", "hi alice"], await carol.EvaluateAsync<string[]>("() => window.parleyDemo.state.group.messages.map(m => m.text)"));
        Assert.Equal(1, await alice.EvaluateAsync<int>("() => window.parleyDemo.state.group.messages.filter(m => m.text === 'hello from alice').length"));
    }

    [Fact]
    public async Task A_guest_page_receives_an_avchatrooms_messages_without_logging_in()
    {
        var groupId = "live_" + Guid.NewGuid().ToString("N")[..10];
        await RestAsync("group_open_http_svc/create_group", $$"""{"Owner_Account":"live_host","Type":"AVChatRoom","GroupId":"{{groupId}}","Name":"Launch"}""");
        var guest = await NewPageAsync();
        await guest.GotoAsync($"/live?group={groupId}&sdkAppId={fixture.Server.DefaultApp.SdkAppId}");
        await WaitUntilAsync(guest, "() => window.parleyLive.state.phase === 'watching'", "parleyLive");

        var online = await fixture.Server.CallRestApiAsync("group_open_http_svc/get_online_member_num", $$"""{"GroupId":"{{groupId}}"}""");
        Assert.Equal(1, online.GetProperty("OnlineMemberNum").GetInt32()); // the guest is counted …
        var members = await fixture.Server.CallRestApiAsync("group_open_http_svc/get_group_member_info", $$"""{"GroupId":"{{groupId}}"}""");
        Assert.Equal(["live_host"], members.GetProperty("MemberList").EnumerateArray().Select(m => m.GetProperty("Member_Account").GetString())); // … not listed

        await RestAsync("group_open_http_svc/send_group_msg", $$$"""{"GroupId":"{{{groupId}}}","From_Account":"live_host","Random":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"we are live"}}]}""");
        await WaitUntilAsync(guest, "() => window.parleyLive.state.messages.some(m => m.text === 'we are live')", "parleyLive");
        Assert.Contains("we are live", await guest.TextContentAsync("#messages"), StringComparison.Ordinal);

        var refused = await NewPageAsync();
        await RestAsync("group_open_http_svc/create_group", $$"""{"Type":"Public","GroupId":"{{groupId}}_pub","Name":"closed"}""");
        await refused.GotoAsync($"/live?group={groupId}_pub&sdkAppId={fixture.Server.DefaultApp.SdkAppId}");
        await WaitUntilAsync(refused, "() => window.parleyLive.state.phase === 'failed'", "parleyLive");
        Assert.Equal(10007, await refused.EvaluateAsync<int>("() => window.parleyLive.state.errorCode")); // only AVChatRooms have guests
    }

    private async Task RestAsync(string command, string body)
    {
        var envelope = await fixture.Server.CallRestApiAsync(command, body);
        Assert.True(envelope.GetProperty("ErrorCode").GetInt32() == 0, envelope.ToString());
    }

    [Fact]
    public async Task A_live_group_message_that_skips_seqs_waits_for_a_catch_up_sync_retried_until_it_succeeds()
    {
        // The browser SDK's own logic, on a stand-in for the socket: the first catch-up fails (the server node is gone),
        // the second brings the missed messages; each reaches the app once and in order (docs/cluster.md, "Clients").
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        var events = await page.EvaluateAsync<string[]>("""
            async () => {
              const { ChatMethods } = await import('/sdk/chat.js');
              const m = (seq, body) => ({ conversationType: 'group', groupId: 'g', msgSeq: seq, from: 'other', msgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: body ?? 'm' + seq } }] });
              const events = [];
              let syncs = 0;
              const client = Object.assign(Object.create(null), ChatMethods, {
                identifier: 'me',
                emit: (type, detail) => { if (type === 'messageReceived') events.push(`${detail.msgSeq}:${detail.fromSync}`); },
                request: async (method) => {
                  if (method !== 'syncMessages') throw new Error(method);
                  if (++syncs === 1) throw new Error('node gone');
                  return { messages: [m(6), m(7), m(8)], notifications: [], groups: { g: 8 }, hasMore: false };
                },
              });
              client.handleChatNotification('messageReceived', m(5));  // no cursor yet: taken as it is
              client.handleChatNotification('messageReceived', m(8));  // skips 6 and 7: a catch-up first
              client.handleChatNotification('messageReceived', m(9));  // waits behind it
              for (let i = 0; i < 100 && events.length < 5; i++) await new Promise((r) => setTimeout(r, 20));
              return [...events, `syncs:${syncs}`];
            }
            """);

        Assert.Equal(["5:false", "6:true", "7:true", "8:true", "9:false", "syncs:2"], events);
    }

    private async Task<IPage> NewPageAsync()
    {
        var page = await fixture.NewPageAsync();
        PageLog.Attach(page, output);
        return page;
    }

    private static async Task WaitUntilAsync(IPage page, string condition, string stateObject = "parleyDemo")
    {
        try
        {
            await page.WaitForFunctionAsync(condition, null, new() { Timeout = (float)Patience.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>($"() => JSON.stringify(window.{stateObject}?.state ?? null)");
            throw new TimeoutException($"{condition} did not become true within {Patience}; state: {state}");
        }
    }
}
