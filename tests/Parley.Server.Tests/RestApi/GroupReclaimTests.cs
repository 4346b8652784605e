using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Parley.Testing;

namespace Parley.Server.Tests.RestApi;

/// <summary>
/// R5.3 "Private: reclaimed after 30 days", as product-rules §5 reads it: a Private group with no message and no
/// membership change for 30 days is dissolved and its members are told (<c>reclaimed</c>); busy Private groups and the
/// other types stay. Driven by a fake clock.
/// </summary>
public sealed class GroupReclaimTests
{
    private static string Text(string text) => VendorRest.Text(text);

    [Fact]
    public async Task A_private_group_idle_for_30_days_is_reclaimed_and_its_members_are_told()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ParleyTestServer.StartAsync(time: time);
        Task<JsonElement> Call(string command, string body) => VendorRest.CallAsync(server, command, body);
        foreach (var (id, type) in new[] { ("idle", "Private"), ("busy", "Private"), ("public", "Public") })
        {
            VendorRest.AssertOk(await Call("group_open_http_svc/create_group",
                $$"""{"Owner_Account":"rc_owner","Type":"{{type}}","GroupId":"{{id}}","Name":"n","MemberList":[{"Member_Account":"rc_bob"}]}"""));
        }

        await AdvanceAsync(time, TimeSpan.FromDays(29));
        var early = (await Call("group_open_http_svc/get_group_info", """{"GroupIdList":["idle"]}""")).GetProperty("GroupInfo")[0];
        Assert.Equal(0, early.GetProperty("ErrorCode").GetInt32()); // 29 days idle: not yet
        VendorRest.AssertOk(await Call("group_open_http_svc/send_group_msg", $$"""{"GroupId":"busy","Random":1,"MsgBody":{{Text("still here")}}}"""));
        await AdvanceAsync(time, TimeSpan.FromDays(1) + TimeSpan.FromHours(2));

        var infos = (await Call("group_open_http_svc/get_group_info", """{"GroupIdList":["idle","busy","public"]}""")).GetProperty("GroupInfo");
        Assert.Equal([10010, 0, 0], infos.EnumerateArray().Select(g => g.GetProperty("ErrorCode").GetInt32()));

        using var bob = await VendorRest.LoginAsync(server, "rc_bob");
        var sync = await VendorRest.RequestAsync(bob, "syncMessages", "{}");
        var reclaimed = Assert.Single(sync.GetProperty("notifications").EnumerateArray(), n => n.GetProperty("type").GetString() == "reclaimed");
        Assert.Equal("idle", reclaimed.GetProperty("groupId").GetString());
    }

    /// <summary>Moves the fake clock in hour steps, giving the hourly sweep real time to run after each.</summary>
    private static async Task AdvanceAsync(FakeTimeProvider time, TimeSpan by)
    {
        for (var moved = TimeSpan.Zero; moved < by; moved += TimeSpan.FromHours(12))
        {
            time.Advance(TimeSpan.FromHours(12));
            await Task.Delay(20);
        }

        await Task.Delay(500);
    }
}
