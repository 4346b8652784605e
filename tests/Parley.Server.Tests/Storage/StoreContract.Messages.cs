using Parley.Signaling.Abstractions;
using Parley.Signaling.Messages;

namespace Parley.Server.Tests.Storage;

// One-to-one messages, their read cursors and system notifications (R6): the same behaviour on every provider.
public abstract partial class StoreContract
{
    private IMessageStore Messages => Store.Messages;

    private Task<long> SendAsync(string from, string to, uint random = 7, long time = 10_000, string body = "[]") =>
        Messages.AppendC2CAsync(App, new C2CMessageRecord(0, from, to, random, time, body), None);

    [Fact]
    public async Task C2C_messages_get_increasing_ids_and_are_found_as_stored()
    {
        var first = await SendAsync("Alice", "Bob", random: 4_000_000_001, body: "[1]");
        var second = await SendAsync("Bob", "Alice");

        Assert.True(second > first);
        Assert.Equal(new C2CMessageRecord(first, "Alice", "Bob", 4_000_000_001, 10_000, "[1]"), await Messages.FindC2CAsync(App, first, None));
        Assert.Null(await Messages.FindC2CAsync(App + 1, first, None));
    }

    [Fact]
    public async Task Messages_written_at_once_share_commits_and_each_is_stored_with_its_own_id()
    {
        // R6: a sender is answered once its message is stored; concurrent senders' writes are committed together
        // (SqlCommitBatcher), and every answer still names its own stored message.
        var sends = Enumerable.Range(0, 300).Select(i => SendAsync($"Sender{i % 7}", $"Receiver{i % 5}", random: (uint)i, body: $"[{i}]")).ToList();
        var ids = await Task.WhenAll(sends);

        Assert.Equal(300, ids.Distinct().Count());
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal($"[{i}]", (await Messages.FindC2CAsync(App, ids[i], None))!.MsgBody);
        }
    }

    [Fact]
    public async Task A_duplicate_is_the_same_sender_receiver_and_random_inside_the_window()
    {
        var id = await SendAsync("Alice", "Bob", random: 42, time: 10_000);

        Assert.Equal(id, (await Messages.FindC2CDuplicateAsync(App, "alice", "bob", 42, 9_000, None))?.Id);
        Assert.Null(await Messages.FindC2CDuplicateAsync(App, "alice", "bob", 42, 10_001, None)); // outside the window
        Assert.Null(await Messages.FindC2CDuplicateAsync(App, "alice", "bob", 43, 9_000, None));
        Assert.Null(await Messages.FindC2CDuplicateAsync(App, "bob", "alice", 42, 9_000, None));
    }

    [Fact]
    public async Task Sync_pages_both_directions_oldest_first_and_history_is_per_conversation_newest_first()
    {
        var m1 = await SendAsync("Alice", "Bob", time: 1_000);
        var m2 = await SendAsync("Bob", "Alice", time: 2_000);
        var m3 = await SendAsync("Carol", "Alice", time: 3_000);
        var m4 = await SendAsync("Alice", "Bob", time: 4_000);
        await SendAsync("Bob", "Carol", time: 5_000);

        Assert.Equal([m2, m3], (await Messages.ListC2CAfterAsync(App, "alice", m1, 2, None)).Select(m => m.Id));
        Assert.Equal([m4, m2, m1], (await Messages.ListC2CBetweenAsync(App, "alice", "bob", long.MaxValue, 0, long.MaxValue, 10, None)).Select(m => m.Id));
        Assert.Equal([m2], (await Messages.ListC2CBetweenAsync(App, "bob", "alice", m4, 1_500, 3_500, 10, None)).Select(m => m.Id));
        Assert.Equal([m3], (await Messages.ListC2CBetweenAsync(App, "alice", "carol", long.MaxValue, 0, long.MaxValue, 10, None)).Select(m => m.Id));
    }

    [Fact]
    public async Task A_recalled_C2C_message_keeps_its_id_but_loses_its_body()
    {
        var id = await SendAsync("Alice", "Bob", body: "[\"secret\"]");

        await Messages.RecallC2CAsync(App, id, None);

        Assert.Equal(new C2CMessageRecord(id, "Alice", "Bob", 7, 10_000, "", Recalled: true), await Messages.FindC2CAsync(App, id, None));
    }

    [Fact]
    public async Task Conversations_come_latest_first_with_unread_counts_after_a_cursor_that_never_moves_back()
    {
        var fromBob1 = await SendAsync("Bob", "Alice");
        var fromBob2 = await SendAsync("Bob", "Alice");
        await SendAsync("Alice", "Carol");
        var fromBob3 = await SendAsync("Bob", "Alice");
        await Messages.RecallC2CAsync(App, fromBob3, None);

        await Messages.SetC2CReadAsync(App, "alice", "bob", fromBob1, None);
        await Messages.SetC2CReadAsync(App, "alice", "bob", 0, None);

        var conversations = await Messages.ListC2CConversationsAsync(App, "alice", 10, None);
        Assert.Equal(["Bob", "Carol"], conversations.Select(c => c.Peer));
        Assert.Equal(fromBob3, conversations[0].LastMessage.Id);
        Assert.Equal(1, conversations[0].UnreadCount); // fromBob2: fromBob3 is recalled
        Assert.Equal(fromBob1, conversations[0].ReadId);
        Assert.Equal(0, conversations[1].UnreadCount); // her own message
        Assert.True(fromBob2 > fromBob1);
    }

    [Fact]
    public async Task System_notifications_are_stored_per_recipient_and_listed_after_a_cursor()
    {
        var notification = new SystemNotificationRecord(0, "kicked", "g", "Owner", 3_000, Message: "bye", Content: "{}");

        var stored = await Messages.AppendNotificationsAsync(App, ["bob", "carol"], notification, None);
        var more = await Messages.AppendNotificationsAsync(App, ["bob"], notification with { Type = "dismissed" }, None);

        Assert.Equal(2, stored.Count);
        Assert.True(stored[1].Id > stored[0].Id);
        var forBob = await Messages.ListNotificationsAfterAsync(App, "bob", 0, 10, None);
        Assert.Equal([stored[0], more[0]], forBob);
        Assert.Equal([more[0]], await Messages.ListNotificationsAfterAsync(App, "bob", stored[0].Id, 10, None));
        Assert.Equal([stored[1]], await Messages.ListNotificationsAfterAsync(App, "carol", 0, 10, None));
    }
}
