using System.Collections.Concurrent;
using Parley.Server.Storage;

namespace Parley.Server.Tests.Storage;

// Event callbacks (docs/callbacks.md): settings, the bounded outbox with leased claims, dead letters — on every provider.
public abstract partial class StoreContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    private NewCallbackEvent Event(long sdkAppId, int eventType = 103, string? body = null) =>
        new(Guid.NewGuid().ToString("N"), sdkAppId, eventType, "http://receiver.test/cb", body ?? $"{{\"EventType\":{eventType}}}", Time.GetUtcNow());

    [Fact]
    public async Task Callback_settings_round_trip_and_a_second_put_replaces_them()
    {
        var app = await NewAppAsync();
        var first = new CallbackSettings(app.SdkAppId, "https://a.test/cb", [101, 103], null, 2000, true, "key1", Time.GetUtcNow());
        var second = first with { Url = null, Events = null, BeforeSendUrl = "http://b.test/before", BeforeSendTimeoutMs = 500, BeforeSendFailOpen = false };

        Assert.Null(await Store.Callbacks.GetSettingsAsync(app.SdkAppId, None));
        await Store.Callbacks.PutSettingsAsync(first, None);
        var stored = await Store.Callbacks.GetSettingsAsync(app.SdkAppId, None);
        await Store.Callbacks.PutSettingsAsync(second, None);

        Assert.Equal((first.Url, first.BeforeSendUrl, first.SigningKey), (stored!.Url, stored.BeforeSendUrl, stored.SigningKey));
        Assert.Equal([101, 103], stored.Events);
        Assert.Equivalent(second, await Store.Callbacks.GetSettingsAsync(app.SdkAppId, None));
    }

    [Fact]
    public async Task A_claimed_event_is_nobody_elses_until_its_lease_ends()
    {
        var app = await NewAppAsync();
        await Store.Callbacks.EnqueueAsync([Event(app.SdkAppId), Event(app.SdkAppId)], 100, 100, Time.GetUtcNow(), None);

        var claimed = await Store.Callbacks.ClaimDueAsync("node-a", Time.GetUtcNow(), Lease, 10, None);
        var meanwhile = await OpenAgain().Callbacks.ClaimDueAsync("node-b", Time.GetUtcNow(), Lease, 10, None);
        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        var afterLease = await OpenAgain().Callbacks.ClaimDueAsync("node-b", Time.GetUtcNow(), Lease, 10, None);

        Assert.Equal(2, claimed.Count);
        Assert.Empty(meanwhile);
        // node-a died without finishing: its rows fall due again, and its stale token no longer completes them.
        Assert.Equal(claimed.Select(c => c.Id), afterLease.Select(c => c.Id));
        Assert.False(await Store.Callbacks.CompleteAsync(claimed[0].Id, claimed[0].ClaimToken, None));
        Assert.True(await Store.Callbacks.CompleteAsync(afterLease[0].Id, afterLease[0].ClaimToken, None));
        Assert.Equal(1, await Store.Callbacks.CountPendingAsync(app.SdkAppId, None));
    }

    [Fact]
    public async Task A_rescheduled_event_waits_for_its_time_and_keeps_its_attempts_and_a_released_one_is_due_at_once()
    {
        var app = await NewAppAsync();
        await Store.Callbacks.EnqueueAsync([Event(app.SdkAppId, 101), Event(app.SdkAppId, 102)], 100, 100, Time.GetUtcNow(), None);
        var claimed = await Store.Callbacks.ClaimDueAsync("n", Time.GetUtcNow(), Lease, 10, None);

        Assert.True(await Store.Callbacks.RescheduleAsync(claimed[0].Id, claimed[0].ClaimToken, 1, "http://other.test/", "HTTP 503", Time.GetUtcNow().AddSeconds(5), None));
        await Store.Callbacks.ReleaseAsync([claimed[1]], Time.GetUtcNow(), None);
        var released = await Store.Callbacks.ClaimDueAsync("n", Time.GetUtcNow(), Lease, 10, None);
        Time.Advance(TimeSpan.FromSeconds(4));
        var early = await Store.Callbacks.ClaimDueAsync("n", Time.GetUtcNow(), Lease, 10, None);
        Time.Advance(TimeSpan.FromSeconds(1));
        var due = await Store.Callbacks.ClaimDueAsync("n", Time.GetUtcNow(), Lease, 10, None);

        Assert.Equal((102, 0), (Assert.Single(released).EventType, released[0].Attempts));
        Assert.Empty(early);
        Assert.Equal((101, 1, "http://other.test/"), (Assert.Single(due).EventType, due[0].Attempts, due[0].Url));
    }

    [Fact]
    public async Task A_buried_event_is_a_dead_letter_newest_first_and_a_requeued_one_is_due_again_from_zero_attempts()
    {
        var app = await NewAppAsync();
        var other = await NewAppAsync("other");
        await Store.Callbacks.EnqueueAsync([Event(app.SdkAppId, 101, "{\"a\":1}"), Event(app.SdkAppId, 102, "{\"b\":2}")], 100, 100, Time.GetUtcNow(), None);
        var claimed = await Store.Callbacks.ClaimDueAsync("n", Time.GetUtcNow(), Lease, 10, None);

        foreach (var row in claimed)
        {
            Assert.True(await Store.Callbacks.BuryAsync(row.Id, row.ClaimToken, 6, "http://receiver.test/cb", "HTTP 500", Time.GetUtcNow(), 100, None));
        }

        var dead = await Store.Callbacks.ListDeadLettersAsync(app.SdkAppId, null, 10, None);
        Assert.Equal([102, 101], dead.Select(d => d.EventType));
        Assert.Equal(("{\"b\":2}", 6, "HTTP 500", claimed[1].EventId), (dead[0].Body, dead[0].Attempts, dead[0].LastError, dead[0].EventId));
        Assert.Equal([101], (await Store.Callbacks.ListDeadLettersAsync(app.SdkAppId, dead[0].Id, 10, None)).Select(d => d.EventType));
        Assert.Empty(await Store.Callbacks.ListDeadLettersAsync(other.SdkAppId, null, 10, None)); // R1.2
        Assert.Equal(0, await Store.Callbacks.CountPendingAsync(app.SdkAppId, None));

        Assert.False(await Store.Callbacks.RequeueDeadLetterAsync(other.SdkAppId, dead[0].Id, "http://x.test/", Time.GetUtcNow(), None));
        Assert.True(await Store.Callbacks.RequeueDeadLetterAsync(app.SdkAppId, dead[0].Id, "http://fixed.test/", Time.GetUtcNow(), None));
        var again = Assert.Single(await Store.Callbacks.ClaimDueAsync("n", Time.GetUtcNow(), Lease, 10, None));
        Assert.Equal((dead[0].EventId, 0, "http://fixed.test/", "{\"b\":2}"), (again.EventId, again.Attempts, again.Url, again.Body));
        Assert.Single(await Store.Callbacks.ListDeadLettersAsync(app.SdkAppId, null, 10, None));
    }

    [Fact]
    public async Task A_full_outbox_moves_the_apps_oldest_unclaimed_events_to_the_dead_letters_and_keeps_other_apps_alone()
    {
        var app = await NewAppAsync();
        var other = await NewAppAsync("other");
        await Store.Callbacks.EnqueueAsync([Event(app.SdkAppId, 101), Event(other.SdkAppId, 101)], 3, 100, Time.GetUtcNow(), None);
        var inFlight = Assert.Single(await Store.Callbacks.ClaimDueAsync("n", Time.GetUtcNow(), Lease, 1, None)); // app's 101, being delivered
        await Store.Callbacks.EnqueueAsync([Event(app.SdkAppId, 102), Event(app.SdkAppId, 103)], 3, 100, Time.GetUtcNow(), None);

        var evicted = await Store.Callbacks.EnqueueAsync([Event(app.SdkAppId, 104), Event(app.SdkAppId, 105)], 3, 100, Time.GetUtcNow(), None);

        Assert.Equal(2, evicted);
        Assert.Equal(3, await Store.Callbacks.CountPendingAsync(app.SdkAppId, None));
        Assert.Equal(1, await Store.Callbacks.CountPendingAsync(other.SdkAppId, None));
        var dead = await Store.Callbacks.ListDeadLettersAsync(app.SdkAppId, null, 10, None);
        Assert.Equal([103, 102], dead.Select(d => d.EventType)); // the oldest not in flight
        Assert.All(dead, d => Assert.StartsWith("outbox full", d.LastError, StringComparison.Ordinal));
        Assert.True(await Store.Callbacks.CompleteAsync(inFlight.Id, inFlight.ClaimToken, None));
    }

    [Fact]
    public async Task Dead_letters_keep_only_the_newest_of_each_app()
    {
        var app = await NewAppAsync();
        await Store.Callbacks.EnqueueAsync([.. Enumerable.Range(0, 5).Select(i => Event(app.SdkAppId, 101 + i))], 100, 100, Time.GetUtcNow(), None);
        foreach (var row in await Store.Callbacks.ClaimDueAsync("n", Time.GetUtcNow(), Lease, 10, None))
        {
            await Store.Callbacks.BuryAsync(row.Id, row.ClaimToken, 1, row.Url, "x", Time.GetUtcNow(), 3, None);
        }

        Assert.Equal([105, 104, 103], (await Store.Callbacks.ListDeadLettersAsync(app.SdkAppId, null, 10, None)).Select(d => d.EventType));
    }

    [Fact]
    public async Task Deleting_an_app_deletes_its_callback_settings_outbox_and_dead_letters()
    {
        var app = await NewAppAsync();
        await Store.Callbacks.PutSettingsAsync(new CallbackSettings(app.SdkAppId, "http://a.test/", null, null, 2000, true, "k", Time.GetUtcNow()), None);
        await Store.Callbacks.EnqueueAsync([Event(app.SdkAppId), Event(app.SdkAppId)], 100, 100, Time.GetUtcNow(), None);
        var row = (await Store.Callbacks.ClaimDueAsync("n", Time.GetUtcNow(), Lease, 1, None))[0];
        await Store.Callbacks.BuryAsync(row.Id, row.ClaimToken, 1, row.Url, "x", Time.GetUtcNow(), 100, None);

        await Store.Apps.DeleteAsync(app.SdkAppId, None);

        Assert.Null(await Store.Callbacks.GetSettingsAsync(app.SdkAppId, None));
        Assert.Equal(0, await Store.Callbacks.CountPendingAsync(app.SdkAppId, None));
        Assert.Empty(await Store.Callbacks.ListDeadLettersAsync(app.SdkAppId, null, 10, None));
    }

    [Fact]
    public async Task Two_dispatchers_claiming_one_outbox_at_once_never_take_the_same_event()
    {
        // Cluster rule of docs/callbacks.md §5: nodes on one database share the outbox and each event is delivered once.
        var app = await NewAppAsync();
        const int Count = 300;
        for (var i = 0; i < Count; i += 50)
        {
            await Store.Callbacks.EnqueueAsync([.. Enumerable.Range(0, 50).Select(_ => Event(app.SdkAppId))], Count, 100, Time.GetUtcNow(), None);
        }

        var stores = new[] { Store, OpenAgain() };
        var taken = new ConcurrentBag<(long Id, string Node)>();
        // Each dispatcher waits after its first batch until all four hold one, so the rest is claimed by four at once
        // (without it, a loaded machine may let the first thread drain the outbox before the others start).
        const int Dispatchers = 4;
        var claimedOnce = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatchers = Enumerable.Range(0, Dispatchers).Select(n => Task.Run(async () =>
        {
            var store = stores[n % 2];
            var first = true;
            while (true)
            {
                var batch = await store.Callbacks.ClaimDueAsync($"node{n}", Time.GetUtcNow(), Lease, 7, None);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var row in batch)
                {
                    taken.Add((row.Id, $"node{n}"));
                    Assert.True(await store.Callbacks.CompleteAsync(row.Id, row.ClaimToken, None));
                }

                if (first)
                {
                    first = false;
                    if (Interlocked.Increment(ref claimedOnce) == Dispatchers)
                    {
                        allStarted.SetResult();
                    }

                    await allStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
                }
            }
        })).ToList();
        await Task.WhenAll(dispatchers);

        Assert.Equal(Count, taken.Count);
        Assert.Equal(Count, taken.Select(t => t.Id).Distinct().Count());
        Assert.Equal(Dispatchers, taken.Select(t => t.Node).Distinct().Count());
        Assert.Equal(0, await Store.Callbacks.CountPendingAsync(app.SdkAppId, None));
    }
}
