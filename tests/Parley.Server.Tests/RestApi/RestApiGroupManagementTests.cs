using System.Text.Json;
using Parley.Testing;

namespace Parley.Server.Tests.RestApi;

/// <summary>
/// Group management through the vendor's REST commands (product-rules §5, §7), with the vendor's documented bodies:
/// profile, member roles and mutes, ownership, system notifications, recall, the app's group list. Members online
/// see the tips and notifications.
/// </summary>
public sealed class RestApiGroupManagementTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ParleyTestServer Server => fixture.Server;

    private Task<JsonElement> CallAsync(string command, string body) => VendorRest.CallAsync(Server, command, body);

    private static string Text(string text) => VendorRest.Text(text);

    [Fact]
    public async Task The_profile_changes_with_modify_group_base_info_and_members_get_a_ModifyGroupInfo_tip()
    {
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group",
            """{"Owner_Account":"mgi_owner","Type":"Public","GroupId":"mgi","Name":"before","MemberList":[{"Member_Account":"mgi_bob"}]}"""));
        using var bob = await VendorRest.LoginAsync(Server, "mgi_bob");

        VendorRest.AssertOk(await CallAsync("group_open_http_svc/modify_group_base_info", """
            {"GroupId":"mgi","Name":"NewName","Introduction":"NewIntroduction","Notification":"NewNotification","FaceUrl":"http://this.is.new.face.url",
             "MaxMemberNum":500,"ApplyJoinOption":"NeedPermission","ShutUpAllMember":"On","AppDefinedData":[{"Key":"GroupTestData1","Value":"NewData"}]}
            """));

        var info = (await CallAsync("group_open_http_svc/get_group_info", """{"GroupIdList":["mgi"]}""")).GetProperty("GroupInfo")[0];
        Assert.Equal(("NewName", "NewIntroduction", 500, "NeedPermission"), (info.GetProperty("Name").GetString(), info.GetProperty("Introduction").GetString(),
            info.GetProperty("MaxMemberNum").GetInt32(), info.GetProperty("ApplyJoinOption").GetString()));
        var tip = (await VendorRest.ReceiveEventsAsync(bob, "groupTip", 1))[0];
        var content = tip.GetProperty("msgBody")[0].GetProperty("MsgContent");
        Assert.Equal(("ModifyGroupInfo", "NewName"), (content.GetProperty("OpType").GetString(), content.GetProperty("GroupInfo").GetProperty("Name").GetString()));

        Assert.Equal(10004, VendorRest.Code(await CallAsync("group_open_http_svc/modify_group_base_info", """{"GroupId":"mgi","MaxMemberNum":2001}""")));
        Assert.Equal(10004, VendorRest.Code(await CallAsync("group_open_http_svc/modify_group_base_info", """{"GroupId":"mgi","Name":"this name is far longer than thirty bytes"}""")));
        Assert.Equal(10010, VendorRest.Code(await CallAsync("group_open_http_svc/modify_group_base_info", """{"GroupId":"nosuch","Name":"x"}""")));
    }

    [Fact]
    public async Task Admins_are_appointed_members_muted_and_the_ownership_transferred()
    {
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group",
            """{"Owner_Account":"own_a","Type":"Public","GroupId":"own1","Name":"o","MemberList":[{"Member_Account":"own_b"},{"Member_Account":"own_c"}]}"""));

        VendorRest.AssertOk(await CallAsync("group_open_http_svc/modify_group_member_info", """{"GroupId":"own1","Member_Account":"own_b","Role":"Admin","NameCard":"bee"}"""));
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/forbid_send_msg", """{"GroupId":"own1","Members_Account":["own_c"],"ShutUpTime":60}"""));
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/change_group_owner", """{"GroupId":"own1","NewOwner_Account":"own_c"}"""));

        var members = (await CallAsync("group_open_http_svc/get_group_member_info", """{"GroupId":"own1"}""")).GetProperty("MemberList").EnumerateArray()
            .ToDictionary(m => m.GetProperty("Member_Account").GetString()!, m => m.GetProperty("Role").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["own_a"] = "Member", ["own_b"] = "Admin", ["own_c"] = "Owner" }, members);
        var owner = (await CallAsync("group_open_http_svc/get_group_info", """{"GroupIdList":["own1"]}""")).GetProperty("GroupInfo")[0].GetProperty("Owner_Account");
        Assert.Equal("own_c", owner.GetString());

        var muted = (await CallAsync("group_open_http_svc/get_group_shutted_uin", """{"GroupId":"own1"}""")).GetProperty("ShuttedUinList");
        Assert.Equal("own_c", Assert.Single(muted.EnumerateArray()).GetProperty("Member_Account").GetString());
        Assert.Equal(10017, VendorRest.Code(await CallAsync("group_open_http_svc/send_group_msg", $$"""{"GroupId":"own1","From_Account":"own_c","Random":1,"MsgBody":{{Text("x")}}}""")));
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/forbid_send_msg", """{"GroupId":"own1","Members_Account":["own_c"],"ShutUpTime":0}"""));
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/send_group_msg", $$"""{"GroupId":"own1","From_Account":"own_c","Random":1,"MsgBody":{{Text("x")}}}"""));

        Assert.Equal(10004, VendorRest.Code(await CallAsync("group_open_http_svc/change_group_owner", """{"GroupId":"own1","NewOwner_Account":"own_stranger"}""")));
        Assert.Equal(10004, VendorRest.Code(await CallAsync("group_open_http_svc/modify_group_member_info", """{"GroupId":"own1","Member_Account":"own_b","Role":"Owner"}""")));
    }

    [Fact]
    public async Task System_notifications_reach_the_named_members_now_or_at_their_next_sync()
    {
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group",
            """{"Owner_Account":"sn_owner","Type":"Private","GroupId":"sn1","Name":"s","MemberList":[{"Member_Account":"sn_bob"},{"Member_Account":"sn_carol"}]}"""));
        using var bob = await VendorRest.LoginAsync(Server, "sn_bob");

        VendorRest.AssertOk(await CallAsync("group_open_http_svc/send_group_system_notification",
            """{"GroupId":"sn1","ToMembers_Account":["sn_bob","sn_carol"],"Content":"Hello World"}"""));

        var live = (await VendorRest.ReceiveEventsAsync(bob, "groupSystemNotification", 1))[0];
        Assert.Equal(("custom", "sn1", "Hello World"), (live.GetProperty("type").GetString(), live.GetProperty("groupId").GetString(), live.GetProperty("content").GetString()));
        using var carol = await VendorRest.LoginAsync(Server, "sn_carol");
        var sync = await VendorRest.RequestAsync(carol, "syncMessages", "{}");
        var stored = Assert.Single(sync.GetProperty("notifications").EnumerateArray());
        Assert.Equal("Hello World", stored.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Group_msg_recall_marks_the_messages_and_history_shows_them_as_place_holders()
    {
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group", """{"Owner_Account":"gmr_owner","Type":"Public","GroupId":"gmr","Name":"r"}"""));
        for (var i = 1; i <= 3; i++)
        {
            VendorRest.AssertOk(await CallAsync("group_open_http_svc/send_group_msg", $$"""{"GroupId":"gmr","From_Account":"gmr_owner","Random":{{i}},"MsgBody":{{Text("m" + i)}}}"""));
        }

        var recall = await CallAsync("group_open_http_svc/group_msg_recall", """{"GroupId":"gmr","MsgSeqList":[{"MsgSeq":2},{"MsgSeq":9}]}""");

        VendorRest.AssertOk(recall);
        Assert.Equal([(2L, 0), (9L, 10004)], recall.GetProperty("RecallRetList").EnumerateArray().Select(r => (r.GetProperty("MsgSeq").GetInt64(), r.GetProperty("RetCode").GetInt32())));
        var history = (await CallAsync("group_open_http_svc/group_msg_get_simple", """{"GroupId":"gmr","ReqMsgNumber":3}""")).GetProperty("RspMsgList");
        Assert.Equal([0, 1, 0], history.EnumerateArray().Select(m => m.GetProperty("IsPlaceMsg").GetInt32()));
    }

    [Fact]
    public async Task Get_appid_group_list_pages_through_the_apps_groups_by_type()
    {
        for (var i = 0; i < 3; i++)
        {
            VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group", $$"""{"Type":"BChatRoom","GroupId":"list_b{{i}}","Name":"b"}"""));
        }

        var first = await CallAsync("group_open_http_svc/get_appid_group_list", """{"Limit":2,"Next":0,"GroupType":"BChatRoom"}""");
        var second = await CallAsync("group_open_http_svc/get_appid_group_list", $$"""{"Limit":2,"Next":{{first.GetProperty("Next").GetInt32()}},"GroupType":"BChatRoom"}""");

        Assert.Equal(3, first.GetProperty("TotalCount").GetInt32());
        var ids = first.GetProperty("GroupIdList").EnumerateArray().Concat(second.GetProperty("GroupIdList").EnumerateArray()).Select(g => g.GetProperty("GroupId").GetString());
        Assert.Equal(["list_b0", "list_b1", "list_b2"], ids);
        Assert.Equal(0, second.GetProperty("Next").GetInt32());
    }
}
