using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Storage;
using Parley.Testing;

namespace Parley.Server.Tests.RestApi;

/// <summary>
/// Groups through the vendor's <c>group_open_http_svc</c> REST commands (R5.3, product-rules §5 and §7), with the
/// vendor's sample bodies.
/// </summary>
public sealed class RestApiGroupTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ParleyTestServer Server => fixture.Server;

    private Task<JsonElement> CallAsync(string command, string body) => VendorRest.CallAsync(Server, command, body);

    [Fact]
    public async Task A_public_group_is_created_with_its_members_described_listed_per_member_and_destroyed()
    {
        var created = await CallAsync("group_open_http_svc/create_group", """
            {"Owner_Account":"grp_leckie","Type":"Public","GroupId":"MyFirstGroup","Name":"TestGroup","Introduction":"This is group Introduction",
             "Notification":"This is group Notification","FaceUrl":"http://this.is.face.url","MaxMemberCount":500,"ApplyJoinOption":"FreeAccess",
             "MemberList":[{"Member_Account":"grp_bob","Role":"Admin"},{"Member_Account":"grp_peter"}]}
            """);
        VendorRest.AssertOk(created);
        Assert.Equal("MyFirstGroup", created.GetProperty("GroupId").GetString());

        var info = (await CallAsync("group_open_http_svc/get_group_info", """{"GroupIdList":["MyFirstGroup","NoSuchGroup"]}""")).GetProperty("GroupInfo");
        var group = info[0];
        Assert.Equal((0, "Public", "TestGroup", "grp_leckie", 3, 500, "FreeAccess"),
            (group.GetProperty("ErrorCode").GetInt32(), group.GetProperty("Type").GetString(), group.GetProperty("Name").GetString(),
             group.GetProperty("Owner_Account").GetString(), group.GetProperty("MemberNum").GetInt32(), group.GetProperty("MaxMemberNum").GetInt32(),
             group.GetProperty("ApplyJoinOption").GetString()));
        Assert.Equal(10010, info[1].GetProperty("ErrorCode").GetInt32());

        var members = await CallAsync("group_open_http_svc/get_group_member_info", """{"GroupId":"MyFirstGroup","Limit":100,"Offset":0}""");
        var roles = members.GetProperty("MemberList").EnumerateArray().ToDictionary(m => m.GetProperty("Member_Account").GetString()!, m => m.GetProperty("Role").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["grp_leckie"] = "Owner", ["grp_bob"] = "Admin", ["grp_peter"] = "Member" }, roles);

        var joined = await CallAsync("group_open_http_svc/get_joined_group_list", """{"Member_Account":"grp_bob"}""");
        Assert.Equal(1, joined.GetProperty("TotalCount").GetInt32());
        Assert.Equal("MyFirstGroup", joined.GetProperty("GroupIdList")[0].GetProperty("GroupId").GetString());

        VendorRest.AssertOk(await CallAsync("group_open_http_svc/destroy_group", """{"GroupId":"MyFirstGroup"}"""));
        Assert.Equal(10010, (await CallAsync("group_open_http_svc/get_group_info", """{"GroupIdList":["MyFirstGroup"]}""")).GetProperty("GroupInfo")[0].GetProperty("ErrorCode").GetInt32());
        Assert.Equal(0, (await CallAsync("group_open_http_svc/get_joined_group_list", """{"Member_Account":"grp_bob"}""")).GetProperty("TotalCount").GetInt32());
        Assert.Equal(10010, VendorRest.Code(await CallAsync("group_open_http_svc/destroy_group", """{"GroupId":"MyFirstGroup"}""")));
    }

    [Fact]
    public async Task Group_ids_are_generated_or_custom_printable_ascii_up_to_48_bytes_and_unique()
    {
        var generated = await CallAsync("group_open_http_svc/create_group", """{"Type":"ChatRoom","Name":"generated"}""");
        VendorRest.AssertOk(generated);
        Assert.StartsWith("@TGS#", generated.GetProperty("GroupId").GetString(), StringComparison.Ordinal);

        Assert.Equal(10015, VendorRest.Code(await CallAsync("group_open_http_svc/create_group", $$"""{"Type":"Public","Name":"x","GroupId":"{{new string('g', 49)}}"}""")));
        Assert.Equal(10015, VendorRest.Code(await CallAsync("group_open_http_svc/create_group", """{"Type":"Public","Name":"x","GroupId":"with space"}""")));
        Assert.Equal(10015, VendorRest.Code(await CallAsync("group_open_http_svc/create_group", """{"Type":"Public","Name":"x","GroupId":"@TGS#mine"}""")));
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group", $$"""{"Type":"Public","Name":"x","GroupId":"{{new string('g', 48)}}"}"""));
        Assert.Equal(10021, VendorRest.Code(await CallAsync("group_open_http_svc/create_group", $$"""{"Type":"Public","Name":"y","GroupId":"{{new string('g', 48)}}"}""")));
        Assert.Equal(10004, VendorRest.Code(await CallAsync("group_open_http_svc/create_group", """{"Type":"Public","Name":"a name that is longer than thirty bytes"}""")));
        Assert.Equal(10004, VendorRest.Code(await CallAsync("group_open_http_svc/create_group", """{"Type":"Secret","Name":"x"}""")));
        Assert.Equal(10004, VendorRest.Code(await CallAsync("group_open_http_svc/create_group", """{"Type":"Private","Name":"x","MaxMemberCount":201}"""))); // R5.3
    }

    [Fact]
    public async Task The_201st_member_of_a_private_group_is_refused_with_10014()
    {
        // R5.3: a Private group holds at most 200 members.
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group", """{"Owner_Account":"lim_owner","Type":"Private","GroupId":"limit200","Name":"full"}"""));
        var members = string.Join(",", Enumerable.Range(1, 199).Select(i => $$"""{"Member_Account":"lim_m{{i}}"}"""));
        var added = await CallAsync("group_open_http_svc/add_group_member", $$"""{"GroupId":"limit200","Silence":1,"MemberList":[{{members}}]}""");
        VendorRest.AssertOk(added);
        Assert.All(added.GetProperty("MemberList").EnumerateArray(), m => Assert.Equal(1, m.GetProperty("Result").GetInt32()));

        var again = await CallAsync("group_open_http_svc/add_group_member", """{"GroupId":"limit200","MemberList":[{"Member_Account":"lim_m1"}]}""");
        Assert.Equal(2, again.GetProperty("MemberList")[0].GetProperty("Result").GetInt32()); // already a member

        Assert.Equal(10014, VendorRest.Code(await CallAsync("group_open_http_svc/add_group_member", """{"GroupId":"limit200","MemberList":[{"Member_Account":"lim_late"}]}""")));
        var info = await CallAsync("group_open_http_svc/get_group_info", """{"GroupIdList":["limit200"]}""");
        Assert.Equal(200, info.GetProperty("GroupInfo")[0].GetProperty("MemberNum").GetInt32());
    }

    [Fact]
    public async Task Of_two_adds_racing_for_the_last_place_exactly_one_gets_it()
    {
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group", """{"Owner_Account":"race_owner","Type":"Public","GroupId":"lastplace","Name":"race","MaxMemberCount":2}"""));

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            CallAsync("group_open_http_svc/add_group_member", $$"""{"GroupId":"lastplace","MemberList":[{"Member_Account":"race_{{i}}"}]}""")));

        Assert.Single(answers, a => VendorRest.Code(a) == 0);
        Assert.Equal(5, answers.Count(a => VendorRest.Code(a) == 10014));
        var stored = await Server.Services.GetRequiredService<IParleyStore>().Groups.ListMembersAsync(Server.DefaultApp.SdkAppId, "lastplace", CancellationToken.None);
        Assert.Equal(2, stored.Count);
    }

    [Fact]
    public async Task The_owner_cannot_be_removed_and_live_stream_groups_take_no_added_members()
    {
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group", """{"Owner_Account":"own_owner","Type":"Public","GroupId":"ownerstays","Name":"o","MemberList":[{"Member_Account":"own_tommy"}]}"""));
        Assert.Equal(10004, VendorRest.Code(await CallAsync("group_open_http_svc/delete_group_member", """{"GroupId":"ownerstays","MemberToDel_Account":["own_owner"]}""")));
        VendorRest.AssertOk(await CallAsync("group_open_http_svc/delete_group_member", """{"GroupId":"ownerstays","Silence":1,"Reason":"kick","MemberToDel_Account":["own_tommy","own_nobody"]}"""));
        Assert.Equal(1, (await CallAsync("group_open_http_svc/get_group_member_info", """{"GroupId":"ownerstays"}""")).GetProperty("MemberNum").GetInt32());

        VendorRest.AssertOk(await CallAsync("group_open_http_svc/create_group", """{"Owner_Account":"own_owner","Type":"AVChatRoom","GroupId":"live1","Name":"live"}"""));
        Assert.Equal(10007, VendorRest.Code(await CallAsync("group_open_http_svc/add_group_member", """{"GroupId":"live1","MemberList":[{"Member_Account":"own_tommy"}]}""")));
        Assert.Equal(10010, VendorRest.Code(await CallAsync("group_open_http_svc/add_group_member", """{"GroupId":"nosuch","MemberList":[{"Member_Account":"own_tommy"}]}""")));
    }

    [Fact]
    public async Task Groups_and_their_members_survive_a_restart_of_the_server()
    {
        using var data = new TempDirectory();
        await using (var first = await ParleyTestServer.StartAsync(dataDirectory: data.Path))
        {
            VendorRest.AssertOk(await VendorRest.CallAsync(first, "group_open_http_svc/create_group",
                """{"Owner_Account":"dur_owner","Type":"Private","GroupId":"durable","Name":"kept","MemberList":[{"Member_Account":"dur_bob"}]}"""));
        }

        await using var second = await ParleyTestServer.StartAsync(dataDirectory: data.Path);
        var info = (await VendorRest.CallAsync(second, "group_open_http_svc/get_group_info", """{"GroupIdList":["durable"]}""")).GetProperty("GroupInfo")[0];
        Assert.Equal((0, "Private", 2, "DisableApply"), (info.GetProperty("ErrorCode").GetInt32(), info.GetProperty("Type").GetString(),
            info.GetProperty("MemberNum").GetInt32(), info.GetProperty("ApplyJoinOption").GetString()));
        // The limit is enforced from the stored members too.
        Assert.Equal(2, (await VendorRest.CallAsync(second, "group_open_http_svc/add_group_member", """{"GroupId":"durable","MemberList":[{"Member_Account":"dur_bob"}]}"""))
            .GetProperty("MemberList")[0].GetProperty("Result").GetInt32());
    }
}
