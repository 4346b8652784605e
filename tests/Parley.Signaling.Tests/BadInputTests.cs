using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Parley.Protocol.Errors;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>The bad-input table of docs/protocol.md §6, row by row; after each case the server still serves.</summary>
public sealed class BadInputTests(FrozenClockHostFixture fixture) : IClassFixture<FrozenClockHostFixture>
{
    private SignalingTestHost Host => fixture.Host;

    private static bool IsError(JsonElement m) => m.TryGetProperty("error", out _);

    private static bool HasNullId(JsonElement m) => m.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Null;

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"jsonrpc\":\"2.0\",")]
    [InlineData("")]
    public async Task Text_that_is_not_JSON_is_a_parse_error_with_a_null_id(string frame)
    {
        await using var client = await Host.ConnectAsync();
        await client.SendTextAsync(frame);
        var response = await client.WaitForAsync(m => IsError(m) && HasNullId(m));
        Assert.Equal(ErrorCodes.ParseError, response.ErrorCode());
        await AssertStillServes(client);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"login\"")]
    [InlineData("null")]
    [InlineData("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]")]   // batches are not supported
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}")]     // id neither number nor string
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}")]
    public async Task JSON_that_is_not_a_request_object_is_an_invalid_request_with_a_null_id(string frame)
    {
        await using var client = await Host.ConnectAsync();
        await client.SendTextAsync(frame);
        var response = await client.WaitForAsync(m => IsError(m) && HasNullId(m));
        Assert.Equal(ErrorCodes.InvalidRequest, response.ErrorCode());
        await AssertStillServes(client);
    }

    [Theory]
    [InlineData("{\"id\":7,\"method\":\"ping\"}")]                        // jsonrpc missing
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"ping\"}")]    // wrong version
    [InlineData("{\"jsonrpc\":2.0,\"id\":7,\"method\":\"ping\"}")]        // version not a string
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":7}")]                        // method missing
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":12}")]          // method not a string
    public async Task Request_objects_missing_jsonrpc_or_method_are_invalid_requests_that_echo_the_id(string frame)
    {
        await using var client = await Host.ConnectAsync();
        await client.SendTextAsync(frame);
        var response = await client.WaitForAsync(m => m.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.GetInt32() == 7);
        Assert.Equal(ErrorCodes.InvalidRequest, response.ErrorCode());
    }

    [Fact]
    public async Task String_ids_are_echoed_verbatim()
    {
        await using var client = await Host.ConnectAsync();
        await client.SendTextAsync("{\"jsonrpc\":\"2.0\",\"id\":\"req-\\u00e9\",\"method\":\"ping\"}");
        var response = await client.WaitForAsync(m => m.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String);
        Assert.Equal("req-é", response.GetProperty("id").GetString());
        Assert.Equal(ErrorCodes.NotLoggedIn, response.ErrorCode());
    }

    [Fact]
    public async Task Notifications_get_no_answer()
    {
        await using var client = await Host.ConnectAsync();
        await client.SendTextAsync("{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}");
        await client.SendTextAsync("{\"jsonrpc\":\"2.0\",\"method\":\"nonsense\",\"params\":{}}");
        // The next answer is the one to this request; nothing was sent for the two notifications before it.
        Assert.Equal(ErrorCodes.NotLoggedIn, (await client.CallAsync("ping")).ErrorCode());
        Assert.Empty(client.Snapshot());
    }

    [Fact]
    public async Task Unknown_methods_are_method_not_found_before_and_after_login()
    {
        await using var anonymous = await Host.ConnectAsync();
        Assert.Equal(ErrorCodes.MethodNotFound, (await anonymous.CallAsync("teleport")).ErrorCode());
        await using var client = await Host.LoginAsync("bad_method");
        Assert.Equal(ErrorCodes.MethodNotFound, (await client.CallAsync("Ping")).ErrorCode());
    }

    public static TheoryData<string> EveryMethodButLoginAndLogout => [.. typeof(Parley.Protocol.Messages.Methods)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(f => (string)f.GetRawConstantValue()!)
        .Where(m => m is not "login" and not "logout" and not "exitRoom")];

    [Theory]
    [MemberData(nameof(EveryMethodButLoginAndLogout))]
    public async Task Every_method_runs_its_own_handler_and_none_falls_through_to_listMembers(string method)
    {
        // Regression: a known method missing from the dispatch switch used to be answered by listMembers.
        await using var client = await Host.LoginAsync("dispatch_" + method.ToLowerInvariant());
        await client.CallAsync("joinRoom", new { roomId = 7_000_001 });
        var response = await client.CallAsync(method, new { });
        if (method != "listMembers")
        {
            Assert.False(response.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
                && result.TryGetProperty("members", out _) && result.TryGetProperty("owner", out _) && !result.TryGetProperty("created", out _),
                method + " was answered with a member list: " + response);
        }
        else
        {
            Assert.Equal(7_000_001, response.Result().GetProperty("roomId").GetInt64());
        }
    }

    public static TheoryData<string> BadLoginParams => new()
    {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"login\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"login\",\"params\":[1400000001,\"a\",\"b\",\"web\"]}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"login\",\"params\":{\"identifier\":\"a\",\"userSig\":\"b\",\"platform\":\"web\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"login\",\"params\":{\"sdkAppId\":\"1400000001\",\"identifier\":\"a\",\"userSig\":\"b\",\"platform\":\"web\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"login\",\"params\":{\"sdkAppId\":1400000001,\"identifier\":null,\"userSig\":\"b\",\"platform\":\"web\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"login\",\"params\":{\"sdkAppId\":1400000001,\"identifier\":7,\"userSig\":\"b\",\"platform\":\"web\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"login\",\"params\":{\"sdkAppId\":1.5,\"identifier\":\"a\",\"userSig\":\"b\",\"platform\":\"web\"}}",
    };

    [Theory]
    [MemberData(nameof(BadLoginParams))]
    public async Task Missing_or_wrongly_typed_login_params_are_invalid_params(string frame)
    {
        await using var client = await Host.ConnectAsync();
        await client.SendTextAsync(frame);
        Assert.Equal(ErrorCodes.InvalidParams, (await client.WaitForAsync(IsError)).ErrorCode());
        await AssertStillServes(client);
    }

    [Fact]
    public async Task Wrongly_typed_room_params_are_invalid_params()
    {
        await using var client = await Host.LoginAsync("bad_params");
        Assert.Equal(ErrorCodes.InvalidParams, (await client.CallAsync("joinRoom")).ErrorCode());
        Assert.Equal(ErrorCodes.InvalidParams, (await client.CallAsync("joinRoom", new { roomId = "12" })).ErrorCode());
        Assert.Equal(ErrorCodes.InvalidParams, (await client.CallAsync("joinRoom", new { roomId = 12.5 })).ErrorCode());
        Assert.Equal(ErrorCodes.InvalidParams, (await client.CallAsync("joinRoom", new { roomId = 12, role = 3 })).ErrorCode());
        Assert.Equal(ErrorCodes.InvalidParams, (await client.CallAsync("switchRoom", new[] { 12 })).ErrorCode());
        Assert.Equal(ErrorCodes.InvalidParams, (await client.CallAsync("renewUserSig", new { userSig = (string?)null })).ErrorCode());
        await client.CallAsync("joinRoom", new { roomId = 5001 });
        Assert.Equal(ErrorCodes.InvalidParams, (await client.CallAsync("changeRole", new { name = "anchor" })).ErrorCode());
        Assert.Equal(5001, (await client.CallAsync("listMembers")).Result().GetProperty("roomId").GetInt64());
    }

    [Fact]
    public async Task A_message_over_the_size_limit_closes_1009()
    {
        await using var client = await Host.ConnectAsync();
        var padding = new string('x', 64 * 1024);
        await client.SendTextAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + padding + "\"}}");
        Assert.Equal(1009, await client.WaitClosedAsync());
        await AssertServerHealthy();
    }

    [Fact]
    public async Task A_message_just_under_the_size_limit_is_handled()
    {
        await using var client = await Host.ConnectAsync();
        var prefix = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"";
        var suffix = "\"}}";
        var frame = prefix + new string('x', 64 * 1024 - prefix.Length - suffix.Length) + suffix;
        Assert.Equal(64 * 1024, Encoding.UTF8.GetByteCount(frame));
        await client.SendTextAsync(frame);
        Assert.Equal(ErrorCodes.NotLoggedIn, (await client.WaitForAsync(IsError)).ErrorCode());
    }

    [Fact]
    public async Task A_binary_message_closes_1003()
    {
        await using var client = await Host.ConnectAsync();
        await client.SendAsync([1, 2, 3], WebSocketMessageType.Binary);
        Assert.Equal(1003, await client.WaitClosedAsync());
        await AssertServerHealthy();
    }

    [Fact]
    public async Task Excess_requests_are_rate_limited_and_a_sustained_flood_closes_4008()
    {
        await using var client = await Host.LoginAsync("flooder");
        // The login used one token of the burst of 100; the frozen clock never refills the bucket.
        var answers = await Task.WhenAll(Enumerable.Range(0, 99).Select(_ => client.CallAsync("ping")));
        Assert.All(answers, a => a.Result());
        Assert.Equal(ErrorCodes.RateLimited, (await client.CallAsync("ping")).ErrorCode());
        // 99 more rejected messages reach the flood threshold of 100 within the window.
        for (var i = 0; i < 99; i++)
        {
            await client.SendTextAsync("{\"jsonrpc\":\"2.0\",\"id\":1000,\"method\":\"ping\"}");
        }
        Assert.Equal(4008, await client.WaitClosedAsync());
        await AssertServerHealthy();
    }

    private static async Task AssertStillServes(TestClient client) =>
        Assert.Equal(ErrorCodes.NotLoggedIn, (await client.CallAsync("ping")).ErrorCode());

    private async Task AssertServerHealthy()
    {
        await using var other = await Host.LoginAsync("healthy_" + Guid.NewGuid().ToString("N")[..8]);
        Assert.True((await other.CallAsync("ping")).TryGetProperty("result", out _));
    }
}
