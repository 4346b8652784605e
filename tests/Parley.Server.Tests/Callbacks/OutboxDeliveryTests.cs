using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Server.Callbacks;
using Parley.Server.Storage;
using Parley.Server.Tests.RestApi;
using Parley.Testing;

namespace Parley.Server.Tests.Callbacks;

/// <summary>
/// The outbox (docs/callbacks.md §5): retries on the schedule, dead letters an operator lists and sends again, and events
/// that outlive a restart while the receiver is down — a real server, a real receiver, real SQLite.
/// </summary>
public sealed class OutboxDeliveryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_failing_receiver_is_tried_again_after_1_s_then_5_s_with_the_same_event_and_body()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var server = await ParleyTestServer.StartAsync(time: clock);
        await using var receiver = await CallbackReceiver.StartAsync();
        var counts = server.Services.GetRequiredService<CallbackMetrics>();
        var arrivals = new ConcurrentQueue<DateTimeOffset>();
        receiver.Respond = r =>
        {
            arrivals.Enqueue(clock.GetUtcNow()); // when the server's clock says the attempt came
            return Task.FromResult(arrivals.Count <= 2 ? CallbackAnswer.Status500 : CallbackAnswer.Ok);
        };
        await server.UseCallbackReceiverAsync(receiver, events: [301]);

        VendorRest.AssertOk(await VendorRest.CallAsync(server, "group_open_http_svc/create_group", """{"Type":"Public","GroupId":"retry1","Name":"r"}"""));
        var first = await receiver.NextAsync(Wait);
        var second = await AdvanceUntilNextAsync(clock, receiver);
        var third = await AdvanceUntilNextAsync(clock, receiver);

        var times = arrivals.ToArray();
        Assert.Equal([1, 2, 3], new[] { first.Attempt, second.Attempt, third.Attempt });
        Assert.Equal(first.EventId, third.EventId);
        Assert.Equal(first.BodyText, third.BodyText); // CallbackTs is when the event entered the outbox: one body, one Sign
        Assert.InRange(times[1] - times[0], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5)); // Callbacks:RetrySchedule 1 s, 5 s, …
        Assert.InRange(times[2] - times[1], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.5));
        await WaitForAsync(() => counts["delivered"] == 1);
        Assert.Equal((2, 0), (counts["retried"], counts["dead"]));
    }

    [Fact]
    public async Task When_its_retries_run_out_an_event_is_a_dead_letter_an_operator_lists_and_sends_again()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Callbacks:RetrySchedule"] = "00:00:00.1,00:00:00.2",
        });
        await using var receiver = await CallbackReceiver.StartAsync();
        var counts = server.Services.GetRequiredService<CallbackMetrics>();
        receiver.Respond = _ => Task.FromResult(CallbackAnswer.Status500);
        var app = server.DefaultApp.SdkAppId;
        await server.UseCallbackReceiverAsync(receiver, events: [301]);

        VendorRest.AssertOk(await VendorRest.CallAsync(server, "group_open_http_svc/create_group", """{"Type":"Public","GroupId":"doomed","Name":"d"}"""));
        JsonElement dead = default;
        await WaitForAsync(async () => (dead = await server.GetDeadLettersAsync(app)).GetArrayLength() == 1);

        var letter = dead[0];
        Assert.Equal((301, 3, "HTTP 500", receiver.EventsUrl),
            (letter.GetProperty("eventType").GetInt32(), letter.GetProperty("attempts").GetInt32(), letter.GetProperty("lastError").GetString(),
                letter.GetProperty("url").GetString()));
        Assert.Equal("doomed", letter.GetProperty("body").GetProperty("GroupId").GetString());
        Assert.Equal(3, receiver.Received.Count);
        Assert.Equal((1, 0), (counts["dead"], counts["delivered"]));
        using (var http = server.CreateClient())
        {
            // Exported on /metrics (docs/metrics.md); process-wide, so other servers of this test run may add to it.
            var scrape = await MetricsScrape.GetAsync(http);
            Assert.True(scrape.Value("parley_callbacks_total", ("outcome", "dead")) >= 1);
            Assert.True(scrape.Has("parley_callbacks_before_send_total"));
        }

        // The operator fixes the receiver and sends the letter again: it is delivered, as the same event.
        receiver.Respond = _ => Task.FromResult(CallbackAnswer.Ok);
        using var admin = server.CreateAdminClient();
        using var retry = await admin.PostAsync(new Uri($"api/apps/{app}/callbacks/dead-letters/{letter.GetProperty("id").GetInt64()}/retry", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        await WaitForAsync(() => counts["delivered"] == 1);
        Assert.Equal(letter.GetProperty("eventId").GetString(), receiver.Received[^1].EventId);
        Assert.Equal(1, receiver.Received[^1].Attempt);
        Assert.Equal(0, (await server.GetDeadLettersAsync(app)).GetArrayLength());
    }

    [Fact]
    public async Task Events_waiting_while_the_receiver_is_down_survive_a_restart_and_then_arrive_exactly_once()
    {
        var directory = Path.Combine(Path.GetTempPath(), "parley-outbox-" + Guid.NewGuid().ToString("N"));
        // A minute of retries: the receiver stays down through a stop and a start, which take seconds on a loaded machine.
        var settings = new Dictionary<string, string?> { ["Callbacks:RetrySchedule"] = string.Join(",", Enumerable.Repeat("00:00:03", 20)) };
        var port = FreePorts.Next(); // nobody listens there yet: the receiver is down
        try
        {
            string key;
            await using (var first = await ParleyTestServer.StartAsync(dataDirectory: directory, settings: settings))
            {
                var app = first.DefaultApp.SdkAppId;
                key = (await first.PutCallbacksAsync(app, $$"""{"url":"http://127.0.0.1:{{port}}/events","events":[301]}""")).GetProperty("signingKey").GetString()!;
                for (var i = 0; i < 5; i++)
                {
                    VendorRest.AssertOk(await VendorRest.CallAsync(first, "group_open_http_svc/create_group", $$"""{"Type":"Public","GroupId":"r{{i}}","Name":"r"}"""));
                }

                var store = first.Services.GetRequiredService<IParleyStore>();
                await WaitForAsync(async () => await store.Callbacks.CountPendingAsync(app, CancellationToken.None) == 5);
                // Five more, and the server stops at once: they may still be in memory, and must be written before the store closes.
                for (var i = 5; i < 10; i++)
                {
                    VendorRest.AssertOk(await VendorRest.CallAsync(first, "group_open_http_svc/create_group", $$"""{"Type":"Public","GroupId":"r{{i}}","Name":"r"}"""));
                }
            }

            await using var second = await ParleyTestServer.StartAsync(dataDirectory: directory, settings: settings);
            await using var receiver = await CallbackReceiver.StartAsync(port);
            var secondStore = second.Services.GetRequiredService<IParleyStore>();
            await WaitForAsync(() => receiver.Received.Count >= 10, async () =>
                $"{receiver.Received.Count} arrived, {await secondStore.Callbacks.CountPendingAsync(second.DefaultApp.SdkAppId, CancellationToken.None)} pending, "
                + $"{(await secondStore.Callbacks.ListDeadLettersAsync(second.DefaultApp.SdkAppId, null, 100, CancellationToken.None)).Count} dead");
            await Task.Delay(TimeSpan.FromSeconds(2)); // nothing more may come

            var received = receiver.Received;
            Assert.Equal(10, received.Count);
            Assert.Equal(10, received.Select(r => r.EventId).Distinct().Count());
            Assert.Equal(Enumerable.Range(0, 10).Select(i => "r" + i.ToString(CultureInfo.InvariantCulture)).Order(),
                received.Select(r => r.Json.GetProperty("GroupId").GetString()!).Order());
            Assert.All(received, r => Assert.True(CallbackSigner.Verify(key, r.Body, r.Sign)));
            Assert.Equal(0, await second.Services.GetRequiredService<IParleyStore>().Callbacks.CountPendingAsync(second.DefaultApp.SdkAppId, CancellationToken.None));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Moves the server's clock in 100 ms steps (pausing so the dispatcher keeps up) until the receiver gets the next attempt.</summary>
    private static async Task<ReceivedCallback> AdvanceUntilNextAsync(FakeTimeProvider clock, CallbackReceiver receiver)
    {
        await Task.Delay(300); // let the dispatcher record the failure and go idle
        for (var step = 0; step < 200; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(30);
            if (!receiver.IsIdle)
            {
                return await receiver.NextAsync(Wait);
            }
        }

        throw new TimeoutException("No retry within 20 s of the server's clock.");
    }

    private static Task WaitForAsync(Func<bool> condition, Func<Task<string>>? state = null) => WaitForAsync(() => Task.FromResult(condition()), state);

    private static async Task WaitForAsync(Func<Task<bool>> condition, Func<Task<string>>? state = null)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("condition not met in time" + (state is null ? "" : ": " + await state()));
            }

            await Task.Delay(50);
        }
    }
}
