using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Auth;
using Parley.Protocol.Errors;
using Parley.Protocol.Messages;
using Parley.Server.RestApi;
using Parley.Signaling.Limits;
using Parley.Testing;

namespace Parley.Server.Tests.Limits;

/// <summary>
/// The abuse limits of docs/limits.md on a real server over real WebSockets and HTTP. Client addresses are claimed with
/// <c>X-Forwarded-For</c>, which the server honours because these tests make loopback a trusted proxy. Buckets run on
/// real time (the BCL limiters read the stopwatch), so each test uses a slow refill — seconds per permit — and
/// sends until refused rather than assuming how long anything takes.
/// </summary>
public sealed class AbuseLimitTests
{
    private const int MostAttempts = 40;

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Limits:TrustedProxies:0"] = "127.0.0.1",
            ["Limits:SweepInterval"] = "00:00:00.2",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    [Fact]
    public async Task A_burst_of_logins_from_one_address_is_refused_with_90040_and_a_retry_after_while_other_addresses_log_in_and_the_address_may_again_after_that_wait()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: Settings(
            ("Limits:LoginPerAddress:Burst", "3"), ("Limits:LoginPerAddress:PerSecond", "0.5")));
        using var hits = new LimitHitRecorder(server);
        var sockets = new List<RawSignaling>();
        try
        {
            JsonElement refused = default;
            for (var i = 0; i < MostAttempts; i++)
            {
                var socket = await RawSignaling.ConnectAsync(server, "203.0.113.10");
                sockets.Add(socket);
                var answer = await socket.LoginAsync(server, $"burst_{i}");
                if (!LimitAnswers.IsResult(answer))
                {
                    refused = answer;
                    break;
                }
            }

            var successes = sockets.Count - 1;
            Assert.InRange(successes, 3, MostAttempts - 1); // the burst passes; refills add one every 2 s at most
            var wait = LimitAnswers.AssertLimited(refused, ErrorCodes.LoginLimitedPerAddress, LimitNames.LoginPerAddress);
            Assert.InRange(wait, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2)); // one permit: 1 / 0.5 per second
            Assert.Equal(1, hits.Hits(LimitNames.LoginPerAddress));
            using (var http = server.CreateClient())
            {
                var scrape = await MetricsScrape.GetAsync(http);
                Assert.Equal(1, scrape.Value("parley_limit_hits_total", ("limit", "login_ip")));
                Assert.Equal(0, scrape.Value("parley_limit_hits_total", ("limit", "join_ip"))); // every limit's series exists at 0
            }

            // Another address has its own bucket.
            await using (var other = await RawSignaling.ConnectAsync(server, "203.0.113.11"))
            {
                Assert.True(LimitAnswers.IsResult(await other.LoginAsync(server, "other_address")));
            }

            // The refused login left its socket open and not logged in; after the hinted wait it may log in.
            await Task.Delay(wait + TimeSpan.FromMilliseconds(100));
            var again = await sockets[^1].LoginAsync(server, "burst_again");
            Assert.True(LimitAnswers.IsResult(again), again.ToString());
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_client_cannot_pick_its_address_with_x_forwarded_for_unless_its_peer_is_a_trusted_proxy()
    {
        // No trusted proxy; loopback not exempt: every socket of this test is 127.0.0.1 whatever header it sends.
        await using var server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Limits:ExemptLoopback"] = "false",
            ["Limits:LoginPerAddress:Burst"] = "2",
            ["Limits:LoginPerAddress:PerSecond"] = "0.2",
        });

        await using var socket = await RawSignaling.ConnectAsync(server, "198.51.100.1");
        var codes = new List<int>();
        for (var i = 0; i < MostAttempts && (codes.Count == 0 || codes[^1] != ErrorCodes.LoginLimitedPerAddress); i++)
        {
            // A wrong userSig still counts: the per-address limit comes before the check.
            await using var spoofing = await RawSignaling.ConnectAsync(server, $"198.51.100.{i + 2}");
            codes.Add(LimitAnswers.Code(await spoofing.LoginAsync(server.DefaultApp.SdkAppId, $"spoof_{i}", "not-a-sig")));
        }

        Assert.Equal(ErrorCodes.LoginLimitedPerAddress, codes[^1]);
        Assert.All(codes[..^1], code => Assert.Equal(ErrorCodes.UserSigMalformed, code));
    }

    [Fact]
    public async Task Logins_over_an_app_s_budget_are_refused_with_90041_while_another_app_logs_in()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: Settings(
            ("Limits:LoginPerApp:Burst", "2"), ("Limits:LoginPerApp:PerSecond", "0.2")));
        var (otherApp, otherKey) = await CreateAppAsync(server);

        JsonElement refused = default;
        var logins = 0;
        for (var i = 0; i < MostAttempts; i++)
        {
            await using var socket = await RawSignaling.ConnectAsync(server, $"192.0.2.{i + 1}"); // a new address each time
            var answer = await socket.LoginAsync(server, $"app_budget_{i}");
            if (!LimitAnswers.IsResult(answer))
            {
                refused = answer;
                break;
            }

            logins++;
        }

        Assert.InRange(logins, 2, MostAttempts - 1);
        LimitAnswers.AssertLimited(refused, ErrorCodes.LoginLimitedPerApp, LimitNames.LoginPerApp);
        await using var elsewhere = await RawSignaling.ConnectAsync(server, "192.0.2.200");
        var other = await elsewhere.LoginAsync(otherApp, "other_app_user", UserSigGenerator.Generate(otherApp, otherKey, "other_app_user"));
        Assert.True(LimitAnswers.IsResult(other), other.ToString());
    }

    [Fact]
    public async Task Joins_from_one_address_beyond_its_budget_are_refused_with_90042()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: Settings(
            ("Limits:JoinPerAddress:Burst", "3"), ("Limits:JoinPerAddress:PerSecond", "0.2")));
        await using var socket = await RawSignaling.ConnectAsync(server, "203.0.113.20");
        Assert.True(LimitAnswers.IsResult(await socket.LoginAsync(server, "joiner")));

        JsonElement refused = default;
        for (var i = 0; i < MostAttempts; i++)
        {
            var answer = await socket.CallAsync("joinRoom", new { roomId = 9000 + i });
            if (!LimitAnswers.IsResult(answer))
            {
                refused = answer;
                break;
            }

            await socket.CallAsync("exitRoom", new { });
        }

        LimitAnswers.AssertLimited(refused, ErrorCodes.JoinLimitedPerAddress, LimitNames.JoinPerAddress);
        // Nothing was joined: the refused request did not run.
        Assert.Equal(ErrorCodes.NotInRoom, LimitAnswers.Code(await socket.CallAsync("listMembers", new { })));
    }

    [Fact]
    public async Task Messages_over_an_app_s_budget_are_refused_with_90045_over_signaling_and_over_the_rest_api_alike()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: Settings(
            ("Limits:MessagePerApp:Burst", "3"), ("Limits:MessagePerApp:PerSecond", "0.2")));
        using var hits = new LimitHitRecorder(server);
        await using var alice = await RawSignaling.ConnectAsync(server, "203.0.113.30");
        await using var bob = await RawSignaling.ConnectAsync(server, "203.0.113.31");
        Assert.True(LimitAnswers.IsResult(await alice.LoginAsync(server, "msg_alice")));
        Assert.True(LimitAnswers.IsResult(await bob.LoginAsync(server, "msg_bob")));
        using var body = JsonDocument.Parse("""[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]""");

        JsonElement refused = default;
        var sent = 0;
        for (var i = 0; i < MostAttempts; i++)
        {
            var answer = await alice.CallAsync("sendMessage", new { to = "msg_bob", msgRandom = (uint)i, msgBody = body.RootElement });
            if (!LimitAnswers.IsResult(answer))
            {
                refused = answer;
                break;
            }

            sent++;
        }

        Assert.InRange(sent, 3, MostAttempts - 1);
        LimitAnswers.AssertLimited(refused, ErrorCodes.MessageLimitedPerApp, LimitNames.MessagePerApp);
        // Room messages share the budget.
        Assert.True(LimitAnswers.IsResult(await bob.CallAsync("joinRoom", new { roomId = 77 })));
        LimitAnswers.AssertLimited(await bob.CallAsync("sendRoomMessage", new { data = "x" }), ErrorCodes.MessageLimitedPerApp, LimitNames.MessagePerApp);

        // The app's backend sending over REST meets the same budget: HTTP 200 as always (R7), Retry-After, the code in the envelope.
        var rest = await RestCalls.PostAsync(server, "openim/sendmsg",
            """{"From_Account":"msg_alice","To_Account":"msg_bob","MsgRandom":5,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}""");
        Assert.Equal(HttpStatusCode.OK, rest.Status);
        Assert.Equal(ErrorCodes.MessageLimitedPerApp, rest.Code);
        Assert.Equal("FAIL", rest.Envelope.GetProperty("ActionStatus").GetString());
        Assert.True(rest.RetryAfter >= TimeSpan.FromSeconds(1));
        Assert.True(rest.Envelope.GetProperty("RetryAfterMs").GetInt64() > 0);
        Assert.Equal(3, hits.Hits(LimitNames.MessagePerApp));
    }

    [Fact]
    public async Task Rest_calls_over_an_address_s_budget_get_the_vendor_s_code_60007_with_retry_after_and_still_http_200()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: Settings(
            ("Limits:RestPerAddress:Burst", "3"), ("Limits:RestPerAddress:PerSecond", "0.2")));
        using var hits = new LimitHitRecorder(server);
        const string Query = """{"To_Account":["nobody_here"]}""";

        RestCalls.Answer? refused = null;
        for (var i = 0; i < MostAttempts && refused is null; i++)
        {
            var answer = await RestCalls.PostAsync(server, "openim/querystate", Query, "198.51.100.50");
            Assert.Equal(HttpStatusCode.OK, answer.Status); // product-rules §7: every answer is HTTP 200
            if (answer.Code == RestApiErrorCodes.FrequencyLimited)
            {
                refused = answer;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal("FAIL", refused.Envelope.GetProperty("ActionStatus").GetString());
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)); // one permit: 5 s, rounded up to seconds
        Assert.InRange(refused.Envelope.GetProperty("RetryAfterMs").GetInt64(), 1, 5_000);
        Assert.Equal(1, hits.Hits(LimitNames.RestPerAddress));

        var other = await RestCalls.PostAsync(server, "openim/querystate", Query, "198.51.100.51");
        Assert.Equal(HttpStatusCode.OK, other.Status);
    }

    [Fact]
    public async Task Rest_calls_over_an_app_s_budget_get_the_vendor_s_code_60011()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: Settings(
            ("Limits:RestPerApp:Burst", "2"), ("Limits:RestPerApp:PerSecond", "0.2")));

        RestCalls.Answer? refused = null;
        for (var i = 0; i < MostAttempts && refused is null; i++)
        {
            var answer = await RestCalls.PostAsync(server, "openim/querystate", """{"To_Account":["x"]}""", $"198.51.100.{60 + i}");
            Assert.Equal(HttpStatusCode.OK, answer.Status); // product-rules §7
            if (answer.Code == RestApiErrorCodes.AppFrequencyLimited)
            {
                refused = answer;
            }
        }

        Assert.NotNull(refused);
        Assert.NotNull(refused.RetryAfter);
    }

    [Fact]
    public async Task An_address_holding_the_most_connections_gets_close_4029_until_one_of_them_closes()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: Settings(("Limits:ConnectionsPerAddress:Max", "2")));
        using var hits = new LimitHitRecorder(server);
        var first = await RawSignaling.ConnectAsync(server, "203.0.113.40");
        await using var second = await RawSignaling.ConnectAsync(server, "203.0.113.40");

        await using (var third = await RawSignaling.ConnectAsync(server, "203.0.113.40"))
        {
            var closed = await ReceiveCloseAsync(third.Socket);
            Assert.Equal(CloseCodes.TooManyConnections, (int?)closed.CloseStatus);
            Assert.Contains(ErrorCodes.ConnectionsLimitedPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture), closed.CloseStatusDescription, StringComparison.Ordinal);
        }

        Assert.Equal(1, hits.Hits(LimitNames.ConnectionsPerAddress));
        await using (var elsewhere = await RawSignaling.ConnectAsync(server, "203.0.113.41"))
        {
            Assert.True(LimitAnswers.IsResult(await elsewhere.LoginAsync(server, "conn_elsewhere")));
        }

        await first.DisposeAsync();
        // The server lets go of the closed connection's permit when its request ends; poll for the new one to be admitted.
        var admitted = false;
        for (var i = 0; i < 50 && !admitted; i++)
        {
            await using var fourth = await RawSignaling.ConnectAsync(server, "203.0.113.40");
            var answer = await TryLoginAsync(fourth, server, "conn_fourth");
            admitted = answer is { } a && LimitAnswers.IsResult(a);
            if (!admitted)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(admitted);
    }

    [Fact]
    public async Task An_attacker_spraying_addresses_never_makes_a_limit_track_more_than_its_maximum_and_idle_ones_are_dropped()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: Settings(
            ("Limits:MaxTrackedPartitions", "200"),
            ("Limits:RestPerAddress:Burst", "1"), ("Limits:RestPerAddress:PerSecond", "0.2")));
        var limits = server.Services.GetRequiredService<AbuseLimits>();
        using var hits = new LimitHitRecorder(server);
        var most = 0;
        var calls = Enumerable.Range(0, 1_000).Select(i => $"10.{i / 250}.{i % 250}.7").ToArray();
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (address, cancellationToken) =>
        {
            // Unauthenticated garbage, as an attacker would send: counted per address before anything is checked.
            using var http = server.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v4/openim/querystate", UriKind.Relative));
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await http.SendAsync(request, cancellationToken);
            var tracked = limits.TrackedPartitions(AbuseLimit.RestPerAddress);
            int seen;
            while ((seen = Volatile.Read(ref most)) < tracked && Interlocked.CompareExchange(ref most, tracked, seen) != seen)
            {
            }
        });

        Assert.InRange(most, 1, 200);
        Assert.True(hits.Untracked(LimitNames.RestPerAddress) > 0, "the table never filled up");
        // Buckets refill in 5 s and the sweep runs every 0.2 s: the table empties once the spraying stops.
        var clock = Stopwatch.StartNew();
        while (limits.TrackedPartitions(AbuseLimit.RestPerAddress) > 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, limits.TrackedPartitions(AbuseLimit.RestPerAddress));
    }

    private static async Task<JsonElement?> TryLoginAsync(RawSignaling socket, ParleyTestServer server, string identifier)
    {
        try
        {
            return await socket.LoginAsync(server, identifier);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            return null; // refused with 4029 before the answer
        }
    }

    private static async Task<WebSocket> ReceiveCloseAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[1024];
        while ((await socket.ReceiveAsync(buffer, timeout.Token)).MessageType != WebSocketMessageType.Close)
        {
        }

        return socket;
    }

    private static async Task<(long SdkAppId, string SecretKey)> CreateAppAsync(ParleyTestServer server)
    {
        using var admin = server.CreateAdminClient();
        using var response = await admin.PostAsJsonAsync("api/apps", new { name = "second" });
        response.EnsureSuccessStatusCode();
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (created.RootElement.GetProperty("sdkAppId").GetInt64(), created.RootElement.GetProperty("secretKey").GetString()!);
    }
}
