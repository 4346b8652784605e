using System.Globalization;

namespace Parley.Server.Callbacks;

/// <summary>The <c>Callbacks</c> section: delivery of the apps' event callbacks (docs/callbacks.md, docs/configuration.md).</summary>
public sealed class CallbackOptions
{
    public const string SectionName = "Callbacks";

    /// <summary>
    /// Waits between attempts, comma-separated <c>hh:mm:ss[.fff]</c>: attempt n+1 follows a failed attempt n after the
    /// n-th wait; when they run out the event becomes a dead letter. The default makes six attempts in about 13 minutes.
    /// </summary>
    public string RetrySchedule { get; set; } = "00:00:01,00:00:05,00:00:30,00:02:00,00:10:00";

    /// <summary>How long one delivery attempt may take (connect, send, answer); product-rules §8 says 5 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most events of one app waiting in the outbox; beyond it the oldest waiting ones become dead letters.</summary>
    public int MaxPendingPerApp { get; set; } = 10_000;

    /// <summary>Most dead letters kept per app; the oldest are forgotten beyond it.</summary>
    public int MaxDeadLettersPerApp { get; set; } = 1_000;

    /// <summary>Events this node holds in memory on their way into the outbox; when it is full new events are dropped (counted).</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Most events written to the outbox in one transaction.</summary>
    public int WriteBatchSize { get; set; } = 200;

    /// <summary>Deliveries this node runs at once (also the most rows it claims at a time).</summary>
    public int MaxConcurrentDeliveries { get; set; } = 16;

    /// <summary>How often an idle dispatcher looks for due events written by other nodes or falling due after a wait.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed event is this node's alone; a node that dies lets its events fall due again after it.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The waits of <see cref="RetrySchedule"/>, or null when it does not parse.</summary>
    public IReadOnlyList<TimeSpan>? ParseRetrySchedule()
    {
        if (string.IsNullOrWhiteSpace(RetrySchedule))
        {
            return [];
        }

        var waits = new List<TimeSpan>();
        foreach (var part in RetrySchedule.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!TimeSpan.TryParse(part, CultureInfo.InvariantCulture, out var wait) || wait <= TimeSpan.Zero || wait > TimeSpan.FromDays(1))
            {
                return null;
            }

            waits.Add(wait);
        }

        return waits;
    }
}
