using System.Diagnostics.Metrics;

namespace Parley.Signaling.Observability;

/// <summary>
/// Parley's process-wide event counters (System.Diagnostics.Metrics meter <see cref="MeterName"/>), exported on
/// <c>/metrics</c> as <c>parley_…_total</c> (docs/metrics.md): call them where the event happens, from signaling or the
/// server. Static, so any code can count without new constructor parameters; an <c>Add</c> nobody listens to costs a
/// branch. Tag values must come from a small fixed set (the constants below): every distinct value is a time series,
/// so never an identifier, a room number or an app id.
/// <para>
/// For other work in progress (issue 12): webhooks count each attempt's outcome with
/// <see cref="CountCallback"/> (<c>parley_callbacks_total{outcome}</c>), abuse limits each refusal with
/// <see cref="CountLimitHit"/> (<c>parley_limit_hits_total{limit}</c>).
/// </para>
/// </summary>
public static class ParleyInstruments
{
    /// <summary>The meter's name, for a listener's filter.</summary>
    public const string MeterName = "Parley";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Webhook (callback) deliveries by <c>outcome</c>: <see cref="CallbackOutcomes"/>.</summary>
    public static readonly Counter<long> Callbacks = Meter.CreateCounter<long>(
        "parley.callbacks", "{callback}", "Callback (webhook) attempts by outcome: delivered, retried (a failed attempt that will be tried again), dead (given up, dead-lettered).");

    /// <summary>Requests refused by an abuse limit, by <c>limit</c> (the limit's documented name, docs/configuration.md).</summary>
    public static readonly Counter<long> LimitHits = Meter.CreateCounter<long>(
        "parley.limit.hits", "{hit}", "Requests refused by an abuse limit, by limit name.");

    /// <summary>Chat and room messages accepted (stored or relayed), by <c>kind</c>: c2c, group, room.</summary>
    public static readonly Counter<long> MessagesSent = Meter.CreateCounter<long>(
        "parley.messages.sent", "{message}", "Messages accepted by the node that handled them, by kind: c2c (stored and delivered), group (stored, fanned out), room (custom room messages relayed).");

    /// <summary>Group notifications (messages, tips, system notifications) handed to sessions on this node.</summary>
    public static readonly Counter<long> GroupDeliveries = Meter.CreateCounter<long>(
        "parley.group.deliveries", "{notification}", "Group notifications handed to sessions on this node (one per receiving session).");

    /// <summary>Counts one callback attempt; <paramref name="outcome"/> is one of <see cref="CallbackOutcomes"/>.</summary>
    public static void CountCallback(string outcome) => Callbacks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts one refusal by the limit named <paramref name="limit"/> (a constant, e.g. "login_rate").</summary>
    public static void CountLimitHit(string limit) => LimitHits.Add(1, new KeyValuePair<string, object?>("limit", limit));

    internal static void CountMessage(KeyValuePair<string, object?> kind) => MessagesSent.Add(1, kind);

    internal static readonly KeyValuePair<string, object?> C2C = new("kind", "c2c");
    internal static readonly KeyValuePair<string, object?> Group = new("kind", "group");
    internal static readonly KeyValuePair<string, object?> Room = new("kind", "room");

    /// <summary>The values of the <c>outcome</c> tag of <see cref="Callbacks"/>.</summary>
    public static class CallbackOutcomes
    {
        /// <summary>The app's server answered 2xx.</summary>
        public const string Delivered = "delivered";

        /// <summary>An attempt failed and another one is scheduled.</summary>
        public const string Retried = "retried";

        /// <summary>The last attempt failed: the event went to the dead letters.</summary>
        public const string Dead = "dead";
    }
}
