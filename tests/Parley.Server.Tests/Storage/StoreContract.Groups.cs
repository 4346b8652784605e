using Parley.Signaling.Abstractions;
using Parley.Signaling.Groups;
using Parley.Signaling.Messages;

namespace Parley.Server.Tests.Storage;

// Groups, members, group messages, read cursors and join requests (R5, R6): the same behaviour on every provider.
public abstract partial class StoreContract
{
    private const long App = 1_400_000_001;

    private static GroupRecord Group(string id, GroupType type = GroupType.Public, string owner = "Owner", long createdAt = 1_000) =>
        new(App, id, type, "name " + id, null, null, null, owner, 2000, "FreeAccess", createdAt, LastActiveAt: createdAt);

    private static GroupMessageRecord Message(long seq, string from = "Alice", string body = "[{\"MsgType\":\"TIMTextElem\"}]", long time = 2_000) =>
        new(seq, (uint)(4_000_000_000 + seq), time, from, "Normal", body);

    private IGroupStore Groups => Store.Groups;

    [Fact]
    public async Task A_group_is_created_once_with_its_members_and_found_as_stored()
    {
        var group = Group("g1") with { Introduction = "intro", ShutUpAll = true, AppDefinedData = "{\"k\":\"v\"}" };
        GroupMemberRecord[] members = [new("Owner", "Owner", 1_000), new("Bob", "Member", 1_001, ShutUpUntil: 5_000, NameCard: "bobby")];

        Assert.True(await Groups.CreateAsync(group, members, None));
        Assert.False(await Groups.CreateAsync(Group("g1", GroupType.Private), [], None)); // the id is taken

        Assert.Equal(group, await Groups.FindAsync(App, "g1", None));
        Assert.Equal(members, await Groups.ListMembersAsync(App, "g1", None));
        Assert.Null(await Groups.FindAsync(App + 1, "g1", None)); // R1.2: per app
    }

    [Fact]
    public async Task Members_are_added_once_removed_case_insensitively_and_listed_by_join_time()
    {
        await Groups.CreateAsync(Group("g"), [new("Owner", "Owner", 1_000)], None);

        await Groups.AddMembersAsync(App, "g", [new("Carol", "Member", 1_003), new("bob", "Member", 1_002)], None);
        await Groups.AddMembersAsync(App, "g", [new("BOB", "Admin", 1_009)], None); // already a member: unchanged
        await Groups.RemoveMembersAsync(App, "g", ["CAROL"], None);

        Assert.Equal([new("Owner", "Owner", 1_000), new GroupMemberRecord("bob", "Member", 1_002)], await Groups.ListMembersAsync(App, "g", None));
    }

    [Fact]
    public async Task Updating_a_group_writes_its_profile_and_the_changed_members_together()
    {
        await Groups.CreateAsync(Group("g"), [new("Owner", "Owner", 1_000), new("Bob", "Member", 1_001)], None);

        var changed = Group("g", owner: "Bob") with { Name = "renamed", ShutUpAll = true, MaxMemberCount = 500, LastActiveAt = 9_000 };
        await Groups.UpdateAsync(changed, [new("Bob", "Owner", 1_001, 7_000, "boss"), new("Owner", "Member", 1_000)], None);

        Assert.Equal(changed, await Groups.FindAsync(App, "g", None));
        Assert.Equal([new("Owner", "Member", 1_000), new GroupMemberRecord("Bob", "Owner", 1_001, 7_000, "boss")], await Groups.ListMembersAsync(App, "g", None));
    }

    [Fact]
    public async Task Deleting_a_group_deletes_its_members_messages_and_join_requests()
    {
        await Groups.CreateAsync(Group("g"), [new("Owner", "Owner", 1_000)], None);
        await Groups.AppendMessageAsync(App, "g", Message(1), None);
        await Groups.AddJoinRequestAsync(App, "g", "Dave", "hi", 1_500, None);

        await Groups.DeleteAsync(App, "g", None);

        Assert.Null(await Groups.FindAsync(App, "g", None));
        Assert.Empty(await Groups.ListMembersAsync(App, "g", None));
        Assert.Equal(0, await Groups.GetLastMessageSeqAsync(App, "g", None));
        Assert.Empty(await Groups.ListJoinRequestsAsync(App, "g", None));
        Assert.True(await Groups.CreateAsync(Group("g"), [], None)); // the id is free again
    }

    [Fact]
    public async Task A_members_groups_are_paged_by_id_with_the_total()
    {
        foreach (var id in (string[])["c", "a", "B", "d"])
        {
            await Groups.CreateAsync(Group(id), [new("Owner", "Owner", 1_000), new("Bob", "Member", 1_001)], None);
        }

        var (page, total) = await Groups.ListGroupsOfMemberAsync(App, "BOB", 1, 2, None);

        Assert.Equal(4, total);
        Assert.Equal(["a", "c"], page); // bytewise order, as in SQLite: upper case first
        Assert.Equal([("B", 0L), ("a", 0L), ("c", 0L), ("d", 0L)], await Groups.ListMembershipsAsync(App, "bob", None));
    }

    [Fact]
    public async Task Group_messages_keep_their_seq_and_come_back_newest_first_oldest_first_or_since_a_time()
    {
        await Groups.CreateAsync(Group("g"), [], None);
        for (var seq = 1; seq <= 5; seq++)
        {
            await Groups.AppendMessageAsync(App, "g", Message(seq, time: 2_000 + seq), None);
        }

        Assert.Equal(5, await Groups.GetLastMessageSeqAsync(App, "g", None));
        Assert.Equal([4L, 3L], (await Groups.ListMessagesAsync(App, "g", 4, 2, None)).Select(m => m.MsgSeq));
        Assert.Equal([3L, 4L], (await Groups.ListMessagesAfterAsync(App, "g", 2, 2, None)).Select(m => m.MsgSeq));
        Assert.Equal([4L, 5L], (await Groups.ListMessagesSinceAsync(App, "g", 2_004, None)).Select(m => m.MsgSeq));
        Assert.Equal(Message(1, time: 2_001), (await Groups.ListMessagesAsync(App, "g", 1, 10, None)).Single()); // the random survives as unsigned
    }

    [Fact]
    public async Task A_group_message_that_cannot_be_stored_fails_alone_among_the_messages_committed_with_it()
    {
        await Groups.CreateAsync(Group("g"), [], None);
        await Groups.AppendMessageAsync(App, "g", Message(1), None);

        // Seq 1 again (a second writer of one seq, which the group grain never lets happen) among fifty good ones.
        var good = Enumerable.Range(2, 50).Select(seq => Groups.AppendMessageAsync(App, "g", Message(seq), None)).ToList();
        var clash = Groups.AppendMessageAsync(App, "g", Message(1, body: "[\"again\"]"), None);
        await Task.WhenAll(good);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => clash);

        var stored = await Groups.ListMessagesAsync(App, "g", long.MaxValue, 100, None);
        Assert.Equal(Enumerable.Range(1, 51).Select(seq => (long)seq).Reverse(), stored.Select(m => m.MsgSeq));
        Assert.Equal(Message(1), stored[^1]);
    }

    [Fact]
    public async Task A_recalled_message_keeps_its_seq_but_loses_its_body()
    {
        await Groups.CreateAsync(Group("g"), [], None);
        await Groups.AppendMessageAsync(App, "g", Message(1), None);
        await Groups.AppendMessageAsync(App, "g", Message(2), None);

        await Groups.RecallMessagesAsync(App, "g", [2], None);

        var messages = await Groups.ListMessagesAsync(App, "g", 10, 10, None);
        Assert.Equal(Message(2) with { MsgBody = "", Recalled = true }, messages[0]);
        Assert.Equal(Message(1), messages[1]);
    }

    [Fact]
    public async Task Unread_counts_skip_tips_recalls_and_ones_own_messages_and_the_read_cursor_never_moves_back()
    {
        await Groups.CreateAsync(Group("g"), [new("Bob", "Member", 1_000)], None);
        await Groups.AppendMessageAsync(App, "g", Message(1), None);
        await Groups.AppendMessageAsync(App, "g", Message(2, from: "BOB"), None);
        await Groups.AppendMessageAsync(App, "g", Message(3, body: MessageBodyRules.TipBodyPrefix + ",\"MsgContent\":{}}]"), None);
        await Groups.AppendMessageAsync(App, "g", Message(4), None);
        await Groups.AppendMessageAsync(App, "g", Message(5), None);
        await Groups.RecallMessagesAsync(App, "g", [5], None);

        Assert.Equal(2, await Groups.CountUnreadAsync(App, "g", "bob", 0, None));
        Assert.Equal(1, await Groups.CountUnreadAsync(App, "g", "bob", 1, None));

        await Groups.SetReadSeqAsync(App, "g", "bob", 4, None);
        await Groups.SetReadSeqAsync(App, "g", "bob", 2, None);
        Assert.Equal([("g", 4L)], await Groups.ListMembershipsAsync(App, "bob", None));
    }

    [Fact]
    public async Task Join_requests_are_kept_once_per_applicant_oldest_first_until_removed()
    {
        await Groups.CreateAsync(Group("g"), [], None);

        await Groups.AddJoinRequestAsync(App, "g", "Dave", "let me in", 1_600, None);
        await Groups.AddJoinRequestAsync(App, "g", "Erin", null, 1_500, None);
        await Groups.AddJoinRequestAsync(App, "g", "DAVE", "again", 1_700, None);
        Assert.Equal([("Erin", (string?)null, 1_500L), ("Dave", "let me in", 1_600L)], await Groups.ListJoinRequestsAsync(App, "g", None));

        await Groups.RemoveJoinRequestAsync(App, "g", "dave", None);
        Assert.Equal("Erin", Assert.Single(await Groups.ListJoinRequestsAsync(App, "g", None)).Applicant);
    }

    [Fact]
    public async Task Only_private_groups_idle_since_the_cutoff_are_reclaim_candidates()
    {
        await Groups.CreateAsync(Group("idle", GroupType.Private, createdAt: 1_000), [], None);
        await Groups.CreateAsync(Group("talked", GroupType.Private, createdAt: 1_000), [], None);
        await Groups.AppendMessageAsync(App, "talked", Message(1, time: 6_000), None);
        await Groups.CreateAsync(Group("recent", GroupType.Private, createdAt: 6_000), [], None);
        await Groups.CreateAsync(Group("public", GroupType.Public, createdAt: 1_000), [], None);

        Assert.Equal([(App, "idle")], await Groups.ListIdlePrivateGroupsAsync(5_000, 10, None)); // product-rules §5
    }

    [Fact]
    public async Task The_apps_groups_are_paged_by_id_optionally_of_one_type()
    {
        await Groups.CreateAsync(Group("p1", GroupType.Public), [], None);
        await Groups.CreateAsync(Group("c1", GroupType.ChatRoom), [], None);
        await Groups.CreateAsync(Group("p2", GroupType.Public), [], None);
        await Groups.CreateAsync(Group("other") with { SdkAppId = App + 1 }, [], None);

        var (all, total) = await Groups.ListAppGroupsAsync(App, null, 0, 2, None);
        var (publicOnes, publicTotal) = await Groups.ListAppGroupsAsync(App, GroupType.Public, 1, 5, None);

        Assert.Equal(["c1", "p1"], all);
        Assert.Equal(3, total);
        Assert.Equal(["p2"], publicOnes);
        Assert.Equal(2, publicTotal);
    }
}
