using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Server.Storage;
using Parley.Signaling.Callbacks;

namespace Parley.Server.Callbacks;

/// <summary>
/// Moves events from this node's <see cref="AppEventQueue"/> into the outbox: for each, the app's settings in force
/// decide whether it is wanted and where it goes, its body is built (with <c>CallbackTs</c> = now), and a batch is
/// written in one transaction; then the local dispatcher is woken. A failing database is retried every second while
/// the queue absorbs (and past its capacity, drops) new events. At shutdown the queue is closed and drained before
/// the store closes, so every event accepted before the stop is in the outbox.
/// </summary>
internal sealed class CallbackOutboxWriter(
    AppEventQueue queue,
    IParleyStore store,
    CallbackSettingsCache settings,
    CallbackDispatcher dispatcher,
    CallbackMetrics metrics,
    IOptions<CallbackOptions> options,
    TimeProvider time,
    ILogger<CallbackOutboxWriter> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AppEvent>(options.Value.WriteBatchSize);
        // Ends only when the queue is completed and empty (StopAsync), never on the stopping token: what was accepted
        // before the stop is written.
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < options.Value.WriteBatchSize && queue.Reader.TryRead(out var appEvent))
            {
                batch.Add(appEvent);
            }

            await WriteAsync(batch);
            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        await using (cancellationToken.Register(_stopping.Cancel))
        {
            if (ExecuteTask is { } running)
            {
                await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }

    /// <summary>The outbox row of an event, or null (logged, counted dropped) when its body cannot be built.</summary>
    private NewCallbackEvent? Row(AppEvent appEvent, string url, DateTimeOffset now)
    {
        try
        {
            return new NewCallbackEvent(Guid.NewGuid().ToString("N"), appEvent.SdkAppId, appEvent.EventType, url,
                CallbackBodies.ForEvent(appEvent, now.ToUnixTimeMilliseconds()), now);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
        {
            // One malformed event (a stored body that is not JSON) must not stop the writer, nor the host with it.
            CallbackLog.EventUnusable(logger, e, appEvent.EventType, appEvent.SdkAppId);
            metrics.Dropped();
            return null;
        }
    }

    private async Task WriteAsync(List<AppEvent> batch)
    {
        var now = time.GetUtcNow();
        var rows = new List<NewCallbackEvent>(batch.Count);
        while (true)
        {
            try
            {
                if (rows.Count == 0)
                {
                    foreach (var appEvent in batch)
                    {
                        if (await settings.GetAsync(appEvent.SdkAppId, CancellationToken.None) is { } app && app.Wants(appEvent.EventType)
                            && Row(appEvent, app.Url!, now) is { } row)
                        {
                            rows.Add(row);
                        }
                    }
                }

                var evicted = await store.Callbacks.EnqueueAsync(rows, options.Value.MaxPendingPerApp, options.Value.MaxDeadLettersPerApp, now,
                    CancellationToken.None);
                if (evicted > 0)
                {
                    metrics.Dropped(evicted);
                    CallbackLog.OutboxFull(logger, evicted);
                }

                if (rows.Count > 0)
                {
                    dispatcher.Wake();
                }

                return;
            }
            catch (Exception e)
            {
                // Nothing may end the writer (and the host with it): the database being away is retried until it is back.
                if (_stopping.IsCancellationRequested)
                {
                    CallbackLog.WriteAbandoned(logger, e, batch.Count);
                    metrics.Dropped(batch.Count);
                    return;
                }

                CallbackLog.WriteFailed(logger, e, batch.Count);
                // Infrastructure wait on the real clock: a test's frozen clock must not stall the writer.
                await Task.Delay(RetryDelay, TimeProvider.System, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
