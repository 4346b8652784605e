using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Server.Media.Rooms;

namespace Parley.Server.Hosting;

/// <summary>
/// Gives memory back once the server has gone quiet after a burst (<see cref="ParleyOptions.IdleMemoryTrim"/>).
/// Server GC keeps the memory a burst of logins and joins used (its gen0 budgets, free regions) until something
/// allocates again, and an idle server allocates almost nothing, so without this the process stays at its peak while
/// its sessions sit idle (measured: 51 KB RSS per idle session against 14 KB of live heap; docs/benchmarks.md). Once at
/// least <see cref="BurstBytes"/> were allocated since the last trim and two checks in a row allocated less than a
/// tenth of the busiest check since then (idle sessions still ping), one aggressive full collection returns the free
/// managed memory to the system, and <see cref="NativeHeapTrim"/> the C heap's.
/// </summary>
/// <remarks>
/// Not while this node forwards media: the collection suspends every managed thread, the media receive loops too,
/// for tens of milliseconds, and media allocates nothing, so "quiet" says nothing there.
/// </remarks>
internal sealed partial class IdleMemoryTrim : BackgroundService
{
    private readonly IOptions<ParleyOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<long> _allocatedBytes;
    private readonly Func<bool> _carriesMedia;
    private readonly Action _collect;

    public IdleMemoryTrim(IOptions<ParleyOptions> options, RoomMediaRegistry media, TimeProvider time, ILogger<IdleMemoryTrim> logger)
        : this(options, time, logger, () => GC.GetTotalAllocatedBytes(), () => media.CarriesMedia,
            CollectAndTrim)
    {
    }

    /// <summary>For tests: the allocation counter, the media check and the collection itself are given.</summary>
    internal IdleMemoryTrim(IOptions<ParleyOptions> options, TimeProvider time, ILogger logger, Func<long> allocatedBytes, Func<bool> carriesMedia, Action collect)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _allocatedBytes = allocatedBytes;
        _carriesMedia = carriesMedia;
        _collect = collect;
        _lastAllocated = allocatedBytes();
    }

    /// <summary>
    /// The trim itself: an aggressive full collection hands the GC's free regions back, then the C heap's free pages go
    /// too (<see cref="NativeHeapTrim"/>). Measured with 3,000 idle sessions on a just-started server: 26.1–27.9 KB RSS
    /// per session with the collection alone, 21.2–22.4 KB with both (docs/benchmarks.md).
    /// </summary>
    private static void CollectAndTrim()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeapTrim.Trim();
    }

    internal static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);
    internal const long BurstBytes = 64L << 20;
    internal const int QuietFraction = 10;

    private long _lastAllocated;
    private long _sinceTrim;
    private long _busiestCheck;
    private int _quietChecks;

    /// <summary>How many trims ran (for tests and the log).</summary>
    internal int Trims { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Value.IdleMemoryTrim)
        {
            return;
        }

        using var timer = new PeriodicTimer(CheckInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Check();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One check: counts the allocation since the last one and trims when a burst has gone quiet.</summary>
    internal void Check()
    {
        long allocated = _allocatedBytes();
        long delta = allocated - _lastAllocated;
        _lastAllocated = allocated;
        _sinceTrim += delta;
        _busiestCheck = Math.Max(_busiestCheck, delta);
        _quietChecks = delta * QuietFraction < _busiestCheck ? _quietChecks + 1 : 0;
        Checked(_logger, delta >> 10, _sinceTrim >> 20);
        if (_quietChecks < 2 || _sinceTrim < BurstBytes || _carriesMedia())
        {
            return;
        }

        long before = Environment.WorkingSet;
        _collect();
        Trims++;
        _sinceTrim = 0;
        _busiestCheck = 0;
        _quietChecks = 0;
        _lastAllocated = _allocatedBytes();
        Trimmed(_logger, before >> 20, Environment.WorkingSet >> 20);
    }

    [LoggerMessage(EventId = 1011, Level = LogLevel.Debug, Message = "Allocated {DeltaKb} KB since the last check, {SinceTrimMb} MB since the last trim")]
    private static partial void Checked(ILogger logger, long deltaKb, long sinceTrimMb);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Quiet after a burst: memory trimmed from {BeforeMb} MB to {AfterMb} MB (Parley:IdleMemoryTrim)")]
    private static partial void Trimmed(ILogger logger, long beforeMb, long afterMb);
}
