using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Parley.Testing;

namespace Parley.Server.Tests.RestApi;

/// <summary>
/// Product-rules §5: 40 messages per second per group; over it an AVChatRoom sheds the lowest priorities first (the
/// send is answered with MsgSeq 0 and not delivered), other types answer 10023. The clock is frozen, so every send
/// falls in one second.
/// </summary>
public sealed class GroupRateLimitTests
{
    [Fact]
    public async Task An_avchatroom_sheds_low_priorities_first_and_a_chatroom_refuses_the_41st_message()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ParleyTestServer.StartAsync(time: time);
        Task<JsonElement> Call(string command, string body) => VendorRest.CallAsync(server, command, body);
        VendorRest.AssertOk(await Call("group_open_http_svc/create_group", """{"Type":"AVChatRoom","GroupId":"rate_av","Name":"live"}"""));
        VendorRest.AssertOk(await Call("group_open_http_svc/create_group", """{"Type":"ChatRoom","GroupId":"rate_chat","Name":"chat"}"""));

        async Task<long> Send(string group, int random, string priority)
        {
            var answer = await Call("group_open_http_svc/send_group_msg",
                $$"""{"GroupId":"{{group}}","Random":{{random}},"MsgPriority":"{{priority}}","MsgBody":{{VendorRest.Text("m")}}}""");
            VendorRest.AssertOk(answer);
            return answer.GetProperty("MsgSeq").GetInt64();
        }

        var lowest = new List<long>();
        for (var i = 0; i < 15; i++)
        {
            lowest.Add(await Send("rate_av", i, "Lowest"));
        }

        var high = new List<long>();
        for (var i = 100; i < 130; i++)
        {
            high.Add(await Send("rate_av", i, "High"));
        }

        Assert.Equal(10, lowest.Count(seq => seq > 0)); // Lowest has a quarter of the 40
        Assert.Equal(5, lowest.Count(seq => seq == 0));
        Assert.Equal(30, high.Count(seq => seq > 0)); // High still passes: 10 + 30 = 40 in this second

        for (var i = 0; i < 40; i++)
        {
            await Send("rate_chat", i, "Normal");
        }

        var over = await Call("group_open_http_svc/send_group_msg", $$"""{"GroupId":"rate_chat","Random":999,"MsgBody":{{VendorRest.Text("m")}}}""");
        Assert.Equal(10023, VendorRest.Code(over));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await Send("rate_chat", 1000, "Normal") > 0); // a new second, a new budget
    }
}
