using Parley.Protocol.Chat;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// One-to-one chat through the C# SDK against the real server (product-rules §6, issue "Groups and messages" §3–§4):
/// delivery once, offline sync at the next login, duplicates by sender + random, history newest first, read cursors,
/// unread counts, conversations and recall.
/// </summary>
public sealed class ChatTests(SharedServerFixture fixture) : SharedServerTests(fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_c2c_message_reaches_the_online_peer_once_and_a_repeat_of_its_random_is_not_delivered_again()
    {
        var (alice, _) = await LoginAsync("c2c_alice");
        var (bob, bobId) = await LoginAsync("c2c_bob");
        var received = Record<ChatMessageEventArgs>(h => bob.MessageReceived += h);

        var sent = await alice.SendC2CMessageAsync(bobId, MessageElements.Text("hi bob"), msgRandom: 42);
        var repeat = await alice.SendC2CMessageAsync(bobId, MessageElements.Text("hi bob"), msgRandom: 42); // product-rules §6: same random within 5 min

        var message = await received.NextAsync(Wait);
        Assert.Equal((ConversationTypes.C2C, bobId, "hi bob", sent.MsgSeq), (message.Message.ConversationType, message.Message.To, message.Text, message.Message.MsgSeq));
        // Live, or by the sync that follows bob's login if that ran first: either way exactly once.
        Assert.Equal(sent.MsgSeq, repeat.MsgSeq);
        await Task.Delay(300);
        Assert.False(received.HasPending);
    }

    [Fact]
    public async Task What_arrives_while_a_user_is_offline_is_synced_at_the_next_login_in_order_and_only_once()
    {
        var (alice, _) = await LoginAsync("sync_alice");
        var bobId = Fixture.NewIdentifier("sync_bob");
        for (var i = 1; i <= 5; i++)
        {
            await alice.SendC2CMessageAsync(bobId, MessageElements.Text("m" + i));
        }

        var bob = NewClient();
        var received = Record<ChatMessageEventArgs>(h => bob.MessageReceived += h);
        await bob.LoginAsync(Fixture.Server.DefaultApp.SdkAppId, bobId, Fixture.Server.UserSig(bobId)); // syncs by itself (SyncMessagesOnLogin)

        var texts = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var e = await received.NextAsync(Wait);
            Assert.True(e.FromSync);
            texts.Add(e.Text);
        }

        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], texts);
        Assert.Equal(0, await bob.SyncMessagesAsync()); // nothing new: a second sync raises nothing
        await alice.SendC2CMessageAsync(bobId, MessageElements.Text("live"));
        Assert.Equal("live", (await received.NextAsync(Wait)).Text);
    }

    [Fact]
    public async Task A_burst_of_messages_to_an_offline_user_is_all_stored_and_synced()
    {
        // Found under load: the offline receiver's grain deactivated after each message, and Orleans rejected the
        // messages queued behind it (forwarded twice). Every acknowledged send must be stored.
        var senders = new List<ParleyClient>();
        for (var i = 0; i < 4; i++)
        {
            senders.Add((await LoginAsync("burst_s" + i)).Client);
        }

        var offline = Fixture.NewIdentifier("burst_off");
        var sends = senders.SelectMany((sender, s) => Enumerable.Range(0, 50).Select(n => sender.SendC2CMessageAsync(offline, MessageElements.Text($"{s}:{n}"))));
        await Task.WhenAll(sends);

        var bob = NewClient(o => o.SyncMessagesOnLogin = false);
        await bob.LoginAsync(Fixture.Server.DefaultApp.SdkAppId, offline, Fixture.Server.UserSig(offline));
        Assert.Equal(200, await bob.SyncMessagesAsync());
    }

    [Fact]
    public async Task History_pages_back_newest_first_and_read_cursors_drive_unread_counts_and_conversations()
    {
        var (alice, aliceId) = await LoginAsync("hist_alice");
        var (bob, bobId) = await LoginAsync("hist_bob");
        var seqs = new List<long>();
        for (var i = 1; i <= 4; i++)
        {
            seqs.Add((await alice.SendC2CMessageAsync(bobId, MessageElements.Text("h" + i))).MsgSeq);
        }

        var newest = await bob.GetMessagesAsync(null, aliceId, count: 3);
        Assert.Equal(["h4", "h3", "h2"], newest.Messages.Select(m => MessageElements.TextOf(m.MsgBody)));
        Assert.False(newest.IsFinished);
        var older = await bob.GetMessagesAsync(null, aliceId, msgSeq: newest.Messages[^1].MsgSeq - 1, count: 3);
        Assert.Equal(["h1"], older.Messages.Select(m => MessageElements.TextOf(m.MsgBody)));
        Assert.True(older.IsFinished);

        var conversation = Assert.Single((await bob.GetConversationsAsync()).Conversations, c => c.Peer == aliceId);
        Assert.Equal((4L, "h4"), (conversation.UnreadCount, MessageElements.TextOf(conversation.LastMessage!.MsgBody)));

        await bob.MarkReadAsync(null, aliceId, seqs[1]);
        conversation = Assert.Single((await bob.GetConversationsAsync()).Conversations, c => c.Peer == aliceId);
        Assert.Equal((2L, seqs[1]), (conversation.UnreadCount, conversation.ReadSeq));
        var mine = Assert.Single((await alice.GetConversationsAsync()).Conversations, c => c.Peer == bobId);
        Assert.Equal(0, mine.UnreadCount); // what alice sent is not unread for her
    }

    [Fact]
    public async Task The_sender_recalls_a_c2c_message_and_the_peer_is_told_and_its_history_keeps_a_recalled_mark()
    {
        var (alice, aliceId) = await LoginAsync("rc_alice");
        var (bob, bobId) = await LoginAsync("rc_bob");
        var recalled = Record<MessageRecalledEventArgs>(h => bob.MessageRecalled += h);
        var sent = await alice.SendC2CMessageAsync(bobId, MessageElements.Text("oops"));

        var notMine = await Assert.ThrowsAsync<ParleyException>(() => bob.RecallMessageAsync(null, aliceId, sent.MsgSeq));
        await alice.RecallMessageAsync(null, bobId, sent.MsgSeq);

        Assert.Equal(10004, notMine.Code); // bob's grain holds no message from bob to alice with that id
        var recall = (await recalled.NextAsync(Wait)).Recall;
        Assert.Equal((ConversationTypes.C2C, aliceId, sent.MsgSeq), (recall.ConversationType, recall.Peer, recall.MsgSeqs.Single()));
        var history = await bob.GetMessagesAsync(null, aliceId);
        Assert.True(Assert.Single(history.Messages).Recalled);
    }

    [Fact]
    public async Task An_image_uploaded_with_the_sdk_goes_into_an_image_element_and_the_peer_downloads_it()
    {
        // Issue "Groups and messages" §5: the URL and UUID of an upload are what TIMImageElem carries.
        var (alice, _) = await LoginAsync("img_alice");
        var (bob, bobId) = await LoginAsync("img_bob");
        var received = Record<ChatMessageEventArgs>(h => bob.MessageReceived += h);
        byte[] gif = [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 32, 0, 16, 0, 0, 0, 0, 0x3B];

        var file = await alice.UploadAsync(new MemoryStream(gif), "image/gif", "dot.gif");
        using var body = System.Text.Json.JsonDocument.Parse($$$"""
            [{"MsgType":"TIMImageElem","MsgContent":{"UUID":"{{{file.Uuid}}}","ImageFormat":255,"ImageInfoArray":[{"Type":1,"Size":{{{file.Size}}},"Width":{{{file.Width}}},"Height":{{{file.Height}}},"URL":"{{{file.Url}}}"}]}}]
            """);
        await alice.SendC2CMessageAsync(bobId, body.RootElement.Clone());

        Assert.Equal(("gif", 32, 16), (file.ImageFormat, file.Width, file.Height));
        var image = (await received.NextAsync(Wait)).Message.MsgBody!.Value[0].GetProperty("MsgContent").GetProperty("ImageInfoArray")[0];
        using var http = new HttpClient();
        Assert.Equal(gif, await http.GetByteArrayAsync(bob.FileUrl(image.GetProperty("URL").GetString()!)));
    }

    [Fact]
    public async Task A_body_that_breaks_the_element_rules_is_refused_with_10004()
    {
        var (alice, _) = await LoginAsync("bad_alice");
        using var doc = System.Text.Json.JsonDocument.Parse("""[{"MsgType":"TIMCustomElem","MsgContent":{"Data":"a"}},{"MsgType":"TIMCustomElem","MsgContent":{"Data":"b"}}]""");
        var twoCustom = await Assert.ThrowsAsync<ParleyException>(() => alice.SendC2CMessageAsync("someone", doc.RootElement.Clone()));
        var tooLarge = await Assert.ThrowsAsync<ParleyException>(() => alice.SendC2CMessageAsync("someone", MessageElements.Text(new string('x', 13_000))));

        Assert.Equal((10004, 10004), (twoCustom.Code, tooLarge.Code)); // product-rules §6: one custom element; §5: 12 KB
    }
}
