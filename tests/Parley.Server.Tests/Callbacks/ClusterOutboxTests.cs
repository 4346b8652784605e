using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Parley.Server.Callbacks;
using Parley.Server.Storage;
using Parley.Server.Storage.Postgres;
using Parley.Testing;

namespace Parley.Server.Tests.Callbacks;

/// <summary>
/// Two nodes' dispatchers on one PostgreSQL outbox (docs/callbacks.md §5, cluster): each event reaches the receiver
/// exactly once, and both nodes take part.
/// </summary>
public sealed class ClusterOutboxTests
{
    [Fact]
    public async Task Two_dispatchers_on_one_postgresql_outbox_deliver_each_event_exactly_once()
    {
        const int Count = 200;
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("outbox");
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Respond = async _ =>
        {
            await Task.Delay(5); // slow enough that one node cannot take everything
            return CallbackAnswer.Ok;
        };
        try
        {
            await using var nodeA = new PostgresParleyStore(database, TimeProvider.System);
            await using var nodeB = new PostgresParleyStore(database, TimeProvider.System);
            await nodeA.MigrateAsync(CancellationToken.None);
            var app = await nodeA.Apps.CreateAsync(new NewApp("cluster", null, new string('a', 64), null, DateTimeOffset.UtcNow), CancellationToken.None);
            await nodeA.Callbacks.PutSettingsAsync(
                new CallbackSettings(app.SdkAppId, receiver.EventsUrl, null, null, 2000, true, "cluster-key-123456", DateTimeOffset.UtcNow), CancellationToken.None);
            var events = Enumerable.Range(0, Count)
                .Select(i => new NewCallbackEvent(Guid.NewGuid().ToString("N"), app.SdkAppId, 103, receiver.EventsUrl, $$"""{"EventType":103,"N":{{i}}}""", DateTimeOffset.UtcNow))
                .ToList();
            await nodeA.Callbacks.EnqueueAsync(events, Count, 100, DateTimeOffset.UtcNow, CancellationToken.None);

            using var a = new Node(nodeA);
            using var b = new Node(nodeB);
            await Task.WhenAll(a.Dispatcher.StartAsync(CancellationToken.None), b.Dispatcher.StartAsync(CancellationToken.None));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (receiver.Received.Count < Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            await Task.Delay(1000); // a second delivery of anything would show now
            await Task.WhenAll(a.Dispatcher.StopAsync(CancellationToken.None), b.Dispatcher.StopAsync(CancellationToken.None));

            var ids = receiver.Received.Select(r => r.EventId).ToList();
            Assert.Equal(Count, ids.Count);
            Assert.Equal(events.Select(e => e.EventId).Order(), ids.Order());
            Assert.Equal(Count, a.Delivered + b.Delivered);
            Assert.True(a.Delivered > 0 && b.Delivered > 0, $"node A delivered {a.Delivered}, node B {b.Delivered}");
            Assert.Equal(0, await nodeB.Callbacks.CountPendingAsync(app.SdkAppId, CancellationToken.None));
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    /// <summary>One node's dispatcher with its own tallies.</summary>
    private sealed class Node : IDisposable
    {
        private readonly CallbackSender _sender = new();
        private readonly CallbackMetrics _metrics = new();

        public Node(IParleyStore store)
        {
            var options = Options.Create(new CallbackOptions { PollInterval = TimeSpan.FromMilliseconds(20), MaxConcurrentDeliveries = 8 });
            Dispatcher = new CallbackDispatcher(store, new CallbackSettingsCache(store, TimeProvider.System), _sender, _metrics, options, TimeProvider.System,
                NullLogger<CallbackDispatcher>.Instance);
        }

        public CallbackDispatcher Dispatcher { get; }

        public long Delivered => _metrics["delivered"];

        public void Dispose()
        {
            Dispatcher.Dispose();
            _sender.Dispose();
        }
    }
}
