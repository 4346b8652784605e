using Parley.Protocol.Chat;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// Groups through the C# SDK against the real server (R5.3, product-rules §5–§6): admission per type, approvals,
/// roles, mutes, tips, system notifications, the owner's rules, recall, and exactly-once delivery around a join.
/// </summary>
public sealed class GroupChatTests(SharedServerFixture fixture) : SharedServerTests(fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private string NewGroupId(string name) => Fixture.NewIdentifier(name);

    [Fact]
    public async Task A_private_group_is_joined_only_by_invitation_and_its_members_see_the_join_tip()
    {
        var (owner, ownerId) = await LoginAsync("pg_owner");
        var (carol, carolId) = await LoginAsync("pg_carol");
        var groupId = (await owner.CreateGroupAsync(new CreateGroupParams("Private", "friends"))).GroupId;
        var tips = Record<ChatMessageEventArgs>(h => owner.GroupTipReceived += h);
        var invited = Record<GroupSystemNotificationEventArgs>(h => carol.GroupSystemNotificationReceived += h);

        var refused = await Assert.ThrowsAsync<ParleyException>(() => carol.JoinGroupAsync(groupId));
        await owner.InviteToGroupAsync(groupId, [carolId]);

        Assert.Equal(10007, refused.Code); // R5.3: Private is joined only by invitation
        var tip = await tips.NextAsync(Wait);
        Assert.Equal((TipTypes.Join, groupId), (tip.TipType, tip.Message.GroupId));
        Assert.Equal((SystemNotificationTypes.Invited, ownerId), ((await invited.NextAsync(Wait)).Notification.Type, (await Task.FromResult(ownerId))));
        var mine = Assert.Single((await carol.GetJoinedGroupsAsync()).Groups, g => g.GroupId == groupId);
        Assert.Equal(("Member", "Private", 2), (mine.Role, mine.Type, mine.MemberCount));
    }

    [Fact]
    public async Task A_need_permission_request_reaches_owner_and_admin_and_of_two_approvals_exactly_one_wins()
    {
        var (owner, _) = await LoginAsync("np_owner");
        var (admin, adminId) = await LoginAsync("np_admin");
        var (dave, daveId) = await LoginAsync("np_dave");
        var groupId = (await owner.CreateGroupAsync(new CreateGroupParams("Public", "club", Members: [adminId], ApplyJoinOption: "NeedPermission"))).GroupId;
        await owner.SetGroupMemberRoleAsync(groupId, adminId, "Admin");
        var ownerInbox = Record<GroupSystemNotificationEventArgs>(h => owner.GroupSystemNotificationReceived += h);
        var adminInbox = Record<GroupSystemNotificationEventArgs>(h => admin.GroupSystemNotificationReceived += h);
        var daveInbox = Record<GroupSystemNotificationEventArgs>(h => dave.GroupSystemNotificationReceived += h);

        var joined = await dave.JoinGroupAsync(groupId, "let me in");

        Assert.Equal("pending", joined.Status);
        var request = (await ownerInbox.NextAsync(Wait)).Notification;
        Assert.Equal((SystemNotificationTypes.JoinRequest, daveId, "let me in"), (request.Type, request.Applicant, request.Message));
        Assert.Equal(SystemNotificationTypes.JoinRequest, (await adminInbox.NextAsync(Wait)).Notification.Type);

        var approvals = await Task.WhenAll(
            Outcome(owner.HandleJoinRequestAsync(groupId, daveId, approve: true)),
            Outcome(admin.HandleJoinRequestAsync(groupId, daveId, approve: true)));
        Assert.Equal([0, 10004], approvals.Order()); // race: one result

        Assert.Equal(SystemNotificationTypes.JoinApproved, (await daveInbox.NextAsync(Wait)).Notification.Type);
        Assert.Contains((await owner.GetGroupMembersAsync(groupId)).Members, m => m.Identifier == daveId);
    }

    [Fact]
    public async Task The_owner_cannot_quit_a_muted_member_gets_10017_and_mute_all_silences_ordinary_members_only()
    {
        var (owner, _) = await LoginAsync("mu_owner");
        var (erin, erinId) = await LoginAsync("mu_erin");
        var groupId = (await owner.CreateGroupAsync(new CreateGroupParams("ChatRoom", "room"))).GroupId;
        await erin.JoinGroupAsync(groupId);

        Assert.Equal(10009, (await Assert.ThrowsAsync<ParleyException>(() => owner.QuitGroupAsync(groupId))).Code);
        await owner.MuteGroupMemberAsync(groupId, erinId, 60);
        Assert.Equal(10017, (await Assert.ThrowsAsync<ParleyException>(() => erin.SendGroupMessageAsync(groupId, MessageElements.Text("hi")))).Code);
        await owner.MuteGroupMemberAsync(groupId, erinId, 0);
        await erin.SendGroupMessageAsync(groupId, MessageElements.Text("back"));

        await owner.ModifyGroupProfileAsync(new ModifyGroupProfileParams(groupId, ShutUpAll: true, Name: "quiet"));
        Assert.Equal(10017, (await Assert.ThrowsAsync<ParleyException>(() => erin.SendGroupMessageAsync(groupId, MessageElements.Text("hi")))).Code);
        await owner.SendGroupMessageAsync(groupId, MessageElements.Text("owners still speak"));
        Assert.Equal("quiet", Assert.Single((await owner.GetJoinedGroupsAsync()).Groups, g => g.GroupId == groupId).Name);

        await erin.QuitGroupAsync(groupId);
        Assert.DoesNotContain((await owner.GetGroupMembersAsync(groupId)).Members, m => m.Identifier == erinId);
    }

    [Fact]
    public async Task A_member_recalls_its_own_message_others_may_not_and_members_are_told()
    {
        var (owner, _) = await LoginAsync("gr_owner");
        var (fred, fredId) = await LoginAsync("gr_fred");
        var (gina, _) = await LoginAsync("gr_gina");
        var groupId = (await owner.CreateGroupAsync(new CreateGroupParams("Public", "recall", Members: [fredId]))).GroupId;
        await gina.JoinGroupAsync(groupId);
        var recalled = Record<MessageRecalledEventArgs>(h => owner.MessageRecalled += h);
        var sent = await fred.SendGroupMessageAsync(groupId, MessageElements.Text("typo"));

        Assert.Equal(10007, (await Assert.ThrowsAsync<ParleyException>(() => gina.RecallMessageAsync(groupId, null, sent.MsgSeq))).Code);
        await fred.RecallMessageAsync(groupId, null, sent.MsgSeq);

        var recall = (await recalled.NextAsync(Wait)).Recall;
        Assert.Equal((groupId, sent.MsgSeq, fredId), (recall.GroupId, recall.MsgSeqs.Single(), recall.Operator));
        var history = await owner.GetMessagesAsync(groupId, null, count: 50);
        Assert.True(Assert.Single(history.Messages, m => m.MsgSeq == sent.MsgSeq).Recalled);
    }

    [Fact]
    public async Task A_member_joining_while_messages_fan_out_gets_each_later_message_exactly_once_live_or_by_sync()
    {
        var (owner, _) = await LoginAsync("race_owner");
        var (hank, _) = await LoginAsync("race_hank");
        var groupId = (await owner.CreateGroupAsync(new CreateGroupParams("ChatRoom", "race"))).GroupId;
        var seen = new System.Collections.Concurrent.ConcurrentBag<long>();
        hank.MessageReceived += (_, e) => seen.Add(e.Message.MsgSeq);

        var sends = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await owner.SendGroupMessageAsync(groupId, MessageElements.Text("n" + i));
            }
        });
        await Task.Delay(20);
        var joined = await hank.JoinGroupAsync(groupId);
        await sends;
        await hank.SyncMessagesAsync();
        var last = (await owner.GetMessagesAsync(groupId, null, count: 1)).Messages[0].MsgSeq;

        await WaitUntilAsync(() => seen.Count >= last - joined.LastSeq - 1);
        var texts = seen.Order().ToList();
        var expected = Enumerable.Range((int)joined.LastSeq + 1, (int)(last - joined.LastSeq)).Select(s => (long)s).ToList();
        // Everything after the join point, each once (the Join tip at LastSeq + 1 is a tip, not a message).
        Assert.Equal(expected.Where(s => s != joined.LastSeq + 1), texts);
    }

    [Fact]
    public async Task A_groups_unread_count_counts_others_messages_after_the_read_cursor_not_tips_or_ones_own()
    {
        var (owner, _) = await LoginAsync("ur_owner");
        var (ivy, _) = await LoginAsync("ur_ivy");
        var groupId = (await owner.CreateGroupAsync(new CreateGroupParams("Public", "unread"))).GroupId;
        await ivy.JoinGroupAsync(groupId); // a Join tip: not unread
        await owner.SendGroupMessageAsync(groupId, MessageElements.Text("one"));
        var second = await owner.SendGroupMessageAsync(groupId, MessageElements.Text("two"));
        await ivy.SendGroupMessageAsync(groupId, MessageElements.Text("mine"));

        var forIvy = Assert.Single((await ivy.GetConversationsAsync()).Conversations, c => c.GroupId == groupId);
        Assert.Equal(2, forIvy.UnreadCount);
        await ivy.MarkReadAsync(groupId, null, second.MsgSeq);
        Assert.Equal(0, Assert.Single((await ivy.GetConversationsAsync()).Conversations, c => c.GroupId == groupId).UnreadCount);
        Assert.Equal(1, Assert.Single((await owner.GetConversationsAsync()).Conversations, c => c.GroupId == groupId).UnreadCount); // ivy's
    }

    private static async Task<int> Outcome(Task call)
    {
        try
        {
            await call;
            return 0;
        }
        catch (ParleyException ex)
        {
            return ex.Code;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }
}
