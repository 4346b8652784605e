using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Protocol.Errors;

namespace Parley.Signaling.Limits;

/// <summary>
/// The one abuse-limit component of a node (docs/limits.md): per client address and per app token buckets for logins,
/// room joins, messages and vendor REST calls, and the concurrent signaling connections per address, all from
/// <see cref="LimitsOptions"/>. Signaling and the REST API ask it before doing the work; a refusal names the limit,
/// its error code and a retry-after hint. Every refusal, also of the limits enforced elsewhere (a connection's request
/// bucket, a group's 40 messages/s), is counted on meter <see cref="MeterName"/> as <c>parley.limit.hits{limit}</c>
/// and logged at most once a minute per limit with a count of the rest.
/// <para>
/// Counted per node: in a cluster each node has its own buckets (a client reaches one node per connection; an app's
/// budget is per node). Buckets measure real time (the BCL limiters read <see cref="System.Diagnostics.Stopwatch"/>),
/// so the host's fake clock in tests does not move them; log windows follow the host's clock.
/// </para>
/// </summary>
public sealed class AbuseLimits : IDisposable
{
    /// <summary>The meter's name, for a listener's filter.</summary>
    public const string MeterName = "Parley.Limits";

    /// <summary>Counter of refused requests, tag <c>limit</c> (<see cref="LimitNames"/>).</summary>
    public const string HitsInstrument = "parley.limit.hits";

    /// <summary>Counter of requests let through untracked because their limit's table was full, tag <c>limit</c>.</summary>
    public const string UntrackedInstrument = "parley.limit.untracked";

    /// <summary>Gauge of partitions (addresses or apps) each limit tracks, tag <c>limit</c>.</summary>
    public const string PartitionsInstrument = "parley.limit.partitions";

    /// <summary>Vendor REST code "REST API call frequency over the limit" (RestApiErrorCodes.FrequencyLimited in the server).</summary>
    internal const int RestFrequencyLimitedCode = 60007;

    /// <summary>Vendor REST code "SDKAppID request frequency over the limit" (RestApiErrorCodes.AppFrequencyLimited).</summary>
    internal const int RestAppFrequencyLimitedCode = 60011;

    private static readonly TimeSpan LogWindowLength = TimeSpan.FromMinutes(1);
    private static readonly AbuseLimit[] Limits = Enum.GetValues<AbuseLimit>();

    private readonly LimitsOptions _options;
    private readonly IPNetwork[] _exempt;
    // Indexed by (int)AbuseLimit; null where the limit is off or is not of that scope.
    private readonly LimiterPartitions<UInt128>?[] _byAddress = new LimiterPartitions<UInt128>?[Limits.Length];
    private readonly LimiterPartitions<long>?[] _byApp = new LimiterPartitions<long>?[Limits.Length];
    private readonly KeyValuePair<string, object?>[] _tags = new KeyValuePair<string, object?>[Limits.Length];
    private readonly LogWindow[] _refusalLogs = new LogWindow[Limits.Length];
    private readonly LogWindow[] _tableFullLogs = new LogWindow[Limits.Length];
    private readonly Meter _meter;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _untracked;
    private readonly ILogger _logger;
    private readonly ITimer? _sweep;
    private int _forwardedHeaderNoted;

    public AbuseLimits(IOptions<LimitsOptions> options, TimeProvider timeProvider, IMeterFactory meterFactory, ILogger<AbuseLimits> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _options = options.Value;
        _logger = logger;
        _exempt = AddressRanges.ParseAll(_options.ExemptAddresses);
        _meter = meterFactory.Create(MeterName);
        _hits = _meter.CreateCounter<long>(HitsInstrument, "{refusal}", "Requests refused by an abuse limit or a per-connection or per-group rate limit, by limit.");
        _untracked = _meter.CreateCounter<long>(UntrackedInstrument, "{request}",
            "Requests let through without a count because their limit already tracked Limits:MaxTrackedPartitions addresses or apps.");
        _meter.CreateObservableGauge(PartitionsInstrument, ObservePartitions, "{partition}", "Addresses or apps each abuse limit tracks on this node.");
        foreach (var limit in Limits)
        {
            _tags[(int)limit] = new KeyValuePair<string, object?>("limit", LimitNames.Of(limit));
            _refusalLogs[(int)limit] = new LogWindow(timeProvider, LogWindowLength);
            _tableFullLogs[(int)limit] = new LogWindow(timeProvider, LogWindowLength);
        }

        if (!_options.Enabled)
        {
            LimitsLog.Started(logger, "off (Limits:Enabled=false)");
            return;
        }

        foreach (var limit in Limits)
        {
            if (CreateLimiter(limit) is not { } create)
            {
                continue;
            }

            if (IsPerAddress(limit))
            {
                _byAddress[(int)limit] = new LimiterPartitions<UInt128>(create, _options.MaxTrackedPartitions);
            }
            else
            {
                _byApp[(int)limit] = new LimiterPartitions<long>(create, _options.MaxTrackedPartitions);
            }
        }

        // The limiters measure real time, so their sweep does too.
        _sweep = TimeProvider.System.CreateTimer(static state => ((AbuseLimits)state!).Sweep(), this, _options.SweepInterval, _options.SweepInterval);
        LimitsLog.Started(logger, Describe());
    }

    /// <summary>True when <paramref name="limit"/> is on (the section and the limit itself enabled).</summary>
    public bool IsEnabled(AbuseLimit limit) => _byAddress[(int)limit] is not null || _byApp[(int)limit] is not null;

    /// <summary>True when <c>Limits:TrustedProxies</c> names at least one proxy.</summary>
    public bool TrustsProxies => _options.TrustedProxies.Length > 0;

    /// <summary>
    /// One permit of the per-address limit <paramref name="limit"/> for <paramref name="address"/>. Exempt or unknown
    /// addresses (null, loopback by default, <c>Limits:ExemptAddresses</c>) always pass.
    /// </summary>
    public bool TryAcquire(AbuseLimit limit, IPAddress? address, out LimitRefusal refusal)
    {
        refusal = default;
        if (_byAddress[(int)limit] is not { } table || address is null || IsExempt(address))
        {
            return true;
        }

        return Decide(limit, table.TryAcquire(AddressKeys.From(address, _options.Ipv6PrefixLength)), address, out refusal);
    }

    /// <summary>One permit of the per-app limit <paramref name="limit"/> for app <paramref name="sdkAppId"/>.</summary>
    public bool TryAcquire(AbuseLimit limit, long sdkAppId, out LimitRefusal refusal)
    {
        refusal = default;
        if (_byApp[(int)limit] is not { } table)
        {
            return true;
        }

        return Decide(limit, table.TryAcquire(sdkAppId), sdkAppId, out refusal);
    }

    /// <summary>The per-address limit, then (only if it passed) the per-app one: the usual pair of one kind of request.</summary>
    public bool TryAcquire(AbuseLimit perAddress, AbuseLimit perApp, IPAddress? address, long sdkAppId, out LimitRefusal refusal) =>
        TryAcquire(perAddress, address, out refusal) && TryAcquire(perApp, sdkAppId, out refusal);

    /// <summary>
    /// Admits one signaling connection from <paramref name="address"/>: <paramref name="connection"/> is to be disposed
    /// when the socket ends (null when nothing was counted). False when the address holds the most connections allowed.
    /// </summary>
    public bool TryOpenConnection(IPAddress? address, out IDisposable? connection, out LimitRefusal refusal)
    {
        connection = null;
        refusal = default;
        const AbuseLimit Limit = AbuseLimit.ConnectionsPerAddress;
        if (_byAddress[(int)Limit] is not { } table || address is null || IsExempt(address))
        {
            return true;
        }

        var lease = table.TryAcquire(AddressKeys.From(address, _options.Ipv6PrefixLength));
        if (lease is null)
        {
            OnUntracked(Limit);
            return true;
        }

        if (lease.IsAcquired)
        {
            connection = lease;
            return true;
        }

        lease.Dispose();
        refusal = new LimitRefusal(Limit, LimitNames.ConnectionsPerAddress, ErrorCodes.ConnectionsLimitedPerAddress, null);
        OnRefused(refusal, address);
        return false;
    }

    /// <summary>Counts a refusal of a limit enforced elsewhere (<see cref="LimitNames.SessionRequests"/>, …).</summary>
    public void CountHit(string limitName) => _hits.Add(1, new KeyValuePair<string, object?>("limit", limitName));

    /// <summary>How many addresses or apps <paramref name="limit"/> tracks right now.</summary>
    public int TrackedPartitions(AbuseLimit limit) => (_byAddress[(int)limit]?.Count ?? 0) + (_byApp[(int)limit]?.Count ?? 0);

    /// <summary>
    /// A request carried <c>X-Forwarded-For</c> while no proxy is trusted: warns once, since then every client behind the
    /// proxy shares the proxy's address (and loopback is exempt by default, so per-address limits do nothing).
    /// </summary>
    public void NoteIgnoredForwardedHeader(IPAddress? peer)
    {
        if (Interlocked.Exchange(ref _forwardedHeaderNoted, 1) == 0)
        {
            LimitsLog.ForwardedHeaderIgnored(_logger, peer?.ToString() ?? "an unknown peer");
        }
    }

    public void Dispose()
    {
        _sweep?.Dispose();
        _meter.Dispose();
    }

    private static bool IsPerAddress(AbuseLimit limit) => limit is AbuseLimit.LoginPerAddress or AbuseLimit.JoinPerAddress
        or AbuseLimit.MessagePerAddress or AbuseLimit.RestPerAddress or AbuseLimit.ConnectionsPerAddress;

    private static int CodeOf(AbuseLimit limit) => limit switch
    {
        AbuseLimit.LoginPerAddress => ErrorCodes.LoginLimitedPerAddress,
        AbuseLimit.LoginPerApp => ErrorCodes.LoginLimitedPerApp,
        AbuseLimit.JoinPerAddress => ErrorCodes.JoinLimitedPerAddress,
        AbuseLimit.JoinPerApp => ErrorCodes.JoinLimitedPerApp,
        AbuseLimit.MessagePerAddress => ErrorCodes.MessageLimitedPerAddress,
        AbuseLimit.MessagePerApp => ErrorCodes.MessageLimitedPerApp,
        AbuseLimit.RestPerAddress => RestFrequencyLimitedCode,
        AbuseLimit.RestPerApp => RestAppFrequencyLimitedCode,
        AbuseLimit.ConnectionsPerAddress => ErrorCodes.ConnectionsLimitedPerAddress,
        _ => throw new ArgumentOutOfRangeException(nameof(limit), limit, null),
    };

    /// <summary>The factory of one partition's limiter, or null when the limit is off.</summary>
    private Func<RateLimiter>? CreateLimiter(AbuseLimit limit)
    {
        if (limit == AbuseLimit.ConnectionsPerAddress)
        {
            var connections = _options.ConnectionsPerAddress;
            if (!connections.Enabled)
            {
                return null;
            }

            var concurrency = new ConcurrencyLimiterOptions { PermitLimit = connections.Max, QueueLimit = 0 };
            return () => new ConcurrencyLimiter(concurrency);
        }

        var settings = _options.RateOf(limit);
        if (!settings.Enabled)
        {
            return null;
        }

        // One token per period of 1/PerSecond: the refused lease's RetryAfter is then the time to the next token.
        // AutoReplenishment off: no timer per bucket; LimiterPartitions refills on use and in the sweep.
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromTicks(Math.Max(1, (long)(TimeSpan.TicksPerSecond / settings.PerSecond))),
            AutoReplenishment = false,
            QueueLimit = 0,
        };
        return () => new TokenBucketRateLimiter(bucket);
    }

    private bool IsExempt(IPAddress address)
    {
        var canonical = AddressRanges.Canonical(address);
        if (_options.ExemptLoopback && IPAddress.IsLoopback(canonical))
        {
            return true;
        }

        foreach (var range in _exempt)
        {
            if (range.Contains(canonical))
            {
                return true;
            }
        }

        return false;
    }

    private bool Decide(AbuseLimit limit, RateLimitLease? lease, object partition, out LimitRefusal refusal)
    {
        refusal = default;
        if (lease is null)
        {
            OnUntracked(limit);
            return true;
        }

        using (lease)
        {
            if (lease.IsAcquired)
            {
                return true;
            }

            TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
            refusal = new LimitRefusal(limit, LimitNames.Of(limit), CodeOf(limit), retryAfter);
        }

        OnRefused(refusal, partition);
        return false;
    }

    private void OnRefused(LimitRefusal refusal, object partition)
    {
        _hits.Add(1, _tags[(int)refusal.Limit]);
        var window = _refusalLogs[(int)refusal.Limit];
        if (window.ShouldLog(out var suppressed))
        {
            if (suppressed > 0)
            {
                LimitsLog.RefusedSummary(_logger, refusal.Name, suppressed, window.Window.TotalSeconds);
            }

            var described = partition is long app ? "app " + app.ToString(CultureInfo.InvariantCulture) : partition.ToString() ?? "";
            LimitsLog.Refused(_logger, refusal.Name, described, refusal.Code, window.Window.TotalSeconds);
        }
    }

    private void OnUntracked(AbuseLimit limit)
    {
        _untracked.Add(1, _tags[(int)limit]);
        if (_tableFullLogs[(int)limit].ShouldLog(out _))
        {
            LimitsLog.TableFull(_logger, LimitNames.Of(limit), _options.MaxTrackedPartitions);
        }
    }

    private void Sweep()
    {
        foreach (var table in _byAddress)
        {
            table?.Sweep();
        }

        foreach (var table in _byApp)
        {
            table?.Sweep();
        }
    }

    private IEnumerable<Measurement<int>> ObservePartitions()
    {
        foreach (var limit in Limits)
        {
            if (IsEnabled(limit))
            {
                yield return new Measurement<int>(TrackedPartitions(limit), _tags[(int)limit]);
            }
        }
    }

    private string Describe()
    {
        var parts = new List<string>();
        foreach (var limit in Limits)
        {
            if (!IsEnabled(limit))
            {
                parts.Add(LimitNames.Of(limit) + " off");
            }
            else if (limit == AbuseLimit.ConnectionsPerAddress)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{LimitNames.Of(limit)} {_options.ConnectionsPerAddress.Max}"));
            }
            else
            {
                var settings = _options.RateOf(limit);
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{LimitNames.Of(limit)} {settings.PerSecond}/s burst {settings.Burst}"));
            }
        }

        return string.Join(", ", parts);
    }
}
