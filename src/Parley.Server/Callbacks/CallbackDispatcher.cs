using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Server.Storage;

namespace Parley.Server.Callbacks;

/// <summary>
/// Delivers the outbox (docs/callbacks.md §5), one per node: claims due events for <c>Callbacks:ClaimLease</c>, posts
/// them (at most <c>Callbacks:MaxConcurrentDeliveries</c> at once, each within <c>Callbacks:AttemptTimeout</c>), then
/// removes the delivered, reschedules the failed after the next wait of <c>Callbacks:RetrySchedule</c>, and moves
/// those whose waits ran out to the dead letters. Idle, it sleeps until woken by the writer or
/// <c>Callbacks:PollInterval</c> passes (events written by other nodes, retries falling due). Stopping, it gives back
/// the events it still holds, due at once and their attempt not counted, for the next start or another node.
/// </summary>
public sealed class CallbackDispatcher : BackgroundService
{
    private readonly IParleyStore _store;
    private readonly CallbackSettingsCache _settings;
    private readonly CallbackSender _sender;
    private readonly CallbackMetrics _metrics;
    private readonly CallbackOptions _options;
    private readonly IReadOnlyList<TimeSpan> _schedule;
    private readonly TimeProvider _time;
    private readonly ILogger<CallbackDispatcher> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);

    public CallbackDispatcher(IParleyStore store, CallbackSettingsCache settings, CallbackSender sender, CallbackMetrics metrics,
        IOptions<CallbackOptions> options, TimeProvider time, ILogger<CallbackDispatcher> logger)
    {
        _store = store;
        _settings = settings;
        _sender = sender;
        _metrics = metrics;
        _options = options.Value;
        _schedule = _options.ParseRetrySchedule() ?? throw new InvalidOperationException("Callbacks:RetrySchedule does not parse.");
        _time = time;
        _logger = logger;
        Node = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>This dispatcher's name in the outbox's <c>claimed_by</c>.</summary>
    public string Node { get; }

    /// <summary>Asks the dispatcher to look for due events now (new ones were written).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Woken twice at once: one look serves both.
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<ClaimedCallback> claimed;
            try
            {
                // Not cancelled by the stop: a claim that committed but was never read would hold its rows for a whole lease.
                claimed = await _store.Callbacks.ClaimDueAsync(Node, _time.GetUtcNow(), _options.ClaimLease, _options.MaxConcurrentDeliveries,
                    CancellationToken.None);
            }
            catch (Exception e)
            {
                CallbackLog.ClaimFailed(_logger, e);
                await SleepAsync(stoppingToken);
                continue;
            }

            if (claimed.Count == 0)
            {
                await SleepAsync(stoppingToken);
                continue;
            }

            var unfinished = new ConcurrentBag<ClaimedCallback>();
            await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentDeliveries },
                async (row, _) =>
                {
                    if (!await DeliverAsync(row, stoppingToken))
                    {
                        unfinished.Add(row);
                    }
                });
            if (!unfinished.IsEmpty)
            {
                await ReleaseAsync([.. unfinished]);
                return;
            }
        }
    }

    /// <summary>One attempt at one claimed event; false when the server stopped before it was decided.</summary>
    private async Task<bool> DeliverAsync(ClaimedCallback row, CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested)
        {
            return false;
        }

        try
        {
            var settings = await _settings.GetAsync(row.SdkAppId, stoppingToken);
            if (settings?.Url is not { } url)
            {
                // The app turned its callbacks off (or is gone) since: nobody wants the event any more.
                await _store.Callbacks.CompleteAsync(row.Id, row.ClaimToken, CancellationToken.None);
                _metrics.Dropped();
                CallbackLog.Discarded(_logger, row.EventId, row.SdkAppId);
                return true;
            }

            var attempt = row.Attempts + 1;
            var request = new CallbackRequest(url, row.SdkAppId, settings.SigningKey, row.Body, CallbackBodies.CommandOf(row.EventType), row.EventId, attempt);
            var result = await _sender.PostAsync(request, _options.AttemptTimeout, readAnswer: false, stoppingToken);
            if (result.Succeeded)
            {
                await _store.Callbacks.CompleteAsync(row.Id, row.ClaimToken, CancellationToken.None);
                _metrics.Delivered();
                CallbackLog.Delivered(_logger, row.EventId, row.EventType, row.SdkAppId, attempt);
                return true;
            }

            var error = result.Error ?? "failed";
            var now = _time.GetUtcNow();
            if (attempt > _schedule.Count)
            {
                await _store.Callbacks.BuryAsync(row.Id, row.ClaimToken, attempt, url, error, now, _options.MaxDeadLettersPerApp, CancellationToken.None);
                _metrics.Dead();
                CallbackLog.Buried(_logger, row.EventId, row.EventType, row.SdkAppId, attempt, error);
                return true;
            }

            var wait = _schedule[attempt - 1];
            await _store.Callbacks.RescheduleAsync(row.Id, row.ClaimToken, attempt, url, error, now + wait, CancellationToken.None);
            _metrics.Retried();
            CallbackLog.Retrying(_logger, row.EventId, row.EventType, row.SdkAppId, attempt, error, wait);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The row stays claimed until its lease ends, then it is attempted again (perhaps delivered twice: the
            // receiver de-duplicates by X-Parley-Event-Id). Nothing here may end the dispatcher (and with it the host).
            CallbackLog.OutcomeNotRecorded(_logger, e, row.EventId);
            return true;
        }
    }

    private async Task ReleaseAsync(IReadOnlyCollection<ClaimedCallback> rows)
    {
        try
        {
            await _store.Callbacks.ReleaseAsync(rows, _time.GetUtcNow(), CancellationToken.None);
            CallbackLog.Released(_logger, Node, rows.Count);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException or TimeoutException)
        {
            // Their lease ends by itself.
            CallbackLog.ClaimFailed(_logger, e);
        }
    }

    /// <summary>Waits for <see cref="Wake"/> or the poll interval on the host's clock (a test's fake clock drives retries).</summary>
    private async Task SleepAsync(CancellationToken stoppingToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var woken = _wake.WaitAsync(either.Token);
        var polled = Task.Delay(_options.PollInterval, _time, either.Token);
        await Task.WhenAny(woken, polled);
        await either.CancelAsync();
        await woken.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await polled.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
