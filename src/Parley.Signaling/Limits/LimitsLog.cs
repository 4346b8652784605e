using Microsoft.Extensions.Logging;

namespace Parley.Signaling.Limits;

/// <summary>Source-generated log messages of the abuse limits (event ids 5500-5599).</summary>
internal static partial class LimitsLog
{
    [LoggerMessage(5500, LogLevel.Warning, "Limit {Limit} refused a request of {Partition} (code {Code}); further refusals of this limit are counted and summed up after {WindowSeconds} s")]
    public static partial void Refused(this ILogger logger, string limit, string partition, int code, double windowSeconds);

    [LoggerMessage(5501, LogLevel.Warning, "Limit {Limit} refused {Count} more requests in the last {WindowSeconds} s")]
    public static partial void RefusedSummary(this ILogger logger, string limit, int count, double windowSeconds);

    [LoggerMessage(5502, LogLevel.Warning, "Limit {Limit} tracks its maximum of {Max} partitions (Limits:MaxTrackedPartitions): requests of new addresses or apps pass untracked until idle ones are dropped")]
    public static partial void TableFull(this ILogger logger, string limit, int max);

    [LoggerMessage(5503, LogLevel.Warning, "A request from {Peer} carries X-Forwarded-For, but Limits:TrustedProxies is empty: the header is ignored and the proxy's address stands for every client behind it (docs/limits.md). Logged once.")]
    public static partial void ForwardedHeaderIgnored(this ILogger logger, string peer);

    [LoggerMessage(5504, LogLevel.Information, "Abuse limits: {Summary}")]
    public static partial void Started(this ILogger logger, string summary);
}
