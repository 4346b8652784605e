using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Parley.Protocol.Errors;
using Parley.Signaling.Limits;

namespace Parley.Signaling.Tests.Limits;

/// <summary>
/// The abuse-limit component on its own (docs/limits.md): partition keys, the bound on tracked partitions under
/// spraying, eviction of refilled buckets, exemptions and connection permits. Buckets run on real time, so refills are slow
/// enough that the few in-process calls of a step cannot see one.
/// </summary>
public sealed class AbuseLimitsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    private AbuseLimits Create(Action<LimitsOptions> configure)
    {
        var options = new LimitsOptions { ExemptLoopback = false, SweepInterval = TimeSpan.FromHours(1) };
        configure(options);
        return new AbuseLimits(Options.Create(options), TimeProvider.System, _services.GetRequiredService<IMeterFactory>(), NullLogger<AbuseLimits>.Instance);
    }

    private static int Passing(AbuseLimits limits, AbuseLimit limit, IPAddress address, int attempts) =>
        Enumerable.Range(0, attempts).Count(attempt => limits.TryAcquire(limit, address, out _));

    [Fact]
    public void Addresses_of_one_ipv6_slash_64_share_a_bucket_other_networks_and_ipv4_have_their_own()
    {
        using var limits = Create(o => o.LoginPerAddress = new RateLimitSettings { Burst = 2, PerSecond = 0.01 });

        Assert.Equal(2, Passing(limits, AbuseLimit.LoginPerAddress, IPAddress.Parse("2001:db8:1:2::1"), 1)
            + Passing(limits, AbuseLimit.LoginPerAddress, IPAddress.Parse("2001:db8:1:2:ffff::9"), 1));
        Assert.False(limits.TryAcquire(AbuseLimit.LoginPerAddress, IPAddress.Parse("2001:db8:1:2:abcd::1"), out var refusal));
        Assert.Equal(ErrorCodes.LoginLimitedPerAddress, refusal.Code);
        Assert.Equal(LimitNames.LoginPerAddress, refusal.Name);
        Assert.True(refusal.RetryAfterMs > 0);

        Assert.True(limits.TryAcquire(AbuseLimit.LoginPerAddress, IPAddress.Parse("2001:db8:1:3::1"), out _));
        // An IPv4 client counts the same whether its socket is IPv4 or dual-mode (IPv4-mapped).
        Assert.Equal(2, Passing(limits, AbuseLimit.LoginPerAddress, IPAddress.Parse("192.0.2.1"), 1)
            + Passing(limits, AbuseLimit.LoginPerAddress, IPAddress.Parse("::ffff:192.0.2.1"), 1));
        Assert.False(limits.TryAcquire(AbuseLimit.LoginPerAddress, IPAddress.Parse("192.0.2.1"), out _));
        Assert.Equal(3, limits.TrackedPartitions(AbuseLimit.LoginPerAddress));
    }

    [Fact]
    public void Spraying_addresses_and_apps_never_makes_a_limit_track_more_than_its_maximum()
    {
        using var limits = Create(o =>
        {
            o.MaxTrackedPartitions = 1_000;
            o.MessagePerAddress = new RateLimitSettings { Burst = 1, PerSecond = 0.01 };
            o.MessagePerApp = new RateLimitSettings { Burst = 1, PerSecond = 0.01 };
        });

        var bytes = new byte[16];
        for (var i = 0; i < 100_000; i++)
        {
            // A new /64 and a new app every time: without the bound, 100,000 buckets each.
            BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), 0x2001_0db8_0000_0000L + i);
            Assert.True(limits.TryAcquire(AbuseLimit.MessagePerAddress, new IPAddress(bytes), out _)); // new keys pass, tracked or not
            Assert.True(limits.TryAcquire(AbuseLimit.MessagePerApp, 1_400_000_000L + i, out _));
        }

        Assert.Equal(1_000, limits.TrackedPartitions(AbuseLimit.MessagePerAddress));
        Assert.Equal(1_000, limits.TrackedPartitions(AbuseLimit.MessagePerApp));
    }

    [Fact]
    public void Tracked_addresses_keep_their_count_while_the_table_is_full()
    {
        using var limits = Create(o =>
        {
            o.MaxTrackedPartitions = 100;
            o.JoinPerAddress = new RateLimitSettings { Burst = 1, PerSecond = 0.01 };
        });
        var tracked = IPAddress.Parse("198.51.100.1");
        Assert.True(limits.TryAcquire(AbuseLimit.JoinPerAddress, tracked, out _));
        for (var i = 0; i < 500; i++)
        {
            limits.TryAcquire(AbuseLimit.JoinPerAddress, new IPAddress(0x0A000000u + (uint)i), out _);
        }

        Assert.False(limits.TryAcquire(AbuseLimit.JoinPerAddress, tracked, out _));
    }

    [Fact]
    public async Task A_bucket_left_alone_is_dropped_once_refilled_and_the_address_then_gets_its_burst_and_not_one_permit_more()
    {
        using var limits = Create(o =>
        {
            o.SweepInterval = TimeSpan.FromMilliseconds(100);
            o.LoginPerAddress = new RateLimitSettings { Burst = 3, PerSecond = 2 };
        });
        var address = IPAddress.Parse("203.0.113.5");
        Assert.Equal(3, Passing(limits, AbuseLimit.LoginPerAddress, address, 4));

        // Refilled after 1.5 s, then dropped by the sweep. (A BCL partitioned limiter keeps a full bucket for 10 s, and its
        // first refill after this burst would add the whole time it sat full: full again within its 100 ms heartbeat.)
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (limits.TrackedPartitions(AbuseLimit.LoginPerAddress) > 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, limits.TrackedPartitions(AbuseLimit.LoginPerAddress));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(3, Passing(limits, AbuseLimit.LoginPerAddress, address, 4));
    }

    [Fact]
    public void Exempt_addresses_loopback_and_turned_off_limits_are_never_counted()
    {
        using var limits = Create(o =>
        {
            o.ExemptLoopback = true;
            o.ExemptAddresses = ["10.1.0.0/16", "192.0.2.9"];
            o.LoginPerAddress = new RateLimitSettings { Burst = 1, PerSecond = 0.01 };
            o.JoinPerAddress = new RateLimitSettings { Enabled = false, Burst = 1, PerSecond = 0.01 };
        });

        foreach (var address in new[] { "127.0.0.1", "::1", "::ffff:127.0.0.1", "10.1.200.3", "192.0.2.9", "::ffff:10.1.0.1" })
        {
            Assert.Equal(5, Passing(limits, AbuseLimit.LoginPerAddress, IPAddress.Parse(address), 5));
        }

        Assert.Equal(5, Passing(limits, AbuseLimit.JoinPerAddress, IPAddress.Parse("198.51.100.7"), 5));
        Assert.False(limits.IsEnabled(AbuseLimit.JoinPerAddress));
        Assert.Equal(0, limits.TrackedPartitions(AbuseLimit.LoginPerAddress));
        Assert.Equal(1, Passing(limits, AbuseLimit.LoginPerAddress, IPAddress.Parse("192.0.2.10"), 5));
    }

    [Fact]
    public void Connections_per_address_are_held_until_released()
    {
        using var limits = Create(o => o.ConnectionsPerAddress = new ConnectionLimitSettings { Max = 2 });
        var address = IPAddress.Parse("203.0.113.8");

        Assert.True(limits.TryOpenConnection(address, out var first, out _));
        Assert.True(limits.TryOpenConnection(address, out var second, out _));
        Assert.False(limits.TryOpenConnection(address, out var third, out var refusal));
        Assert.Null(third);
        Assert.Equal(ErrorCodes.ConnectionsLimitedPerAddress, refusal.Code);
        Assert.Null(refusal.RetryAfterMs);

        first!.Dispose();
        Assert.True(limits.TryOpenConnection(address, out var fourth, out _));
        second!.Dispose();
        fourth!.Dispose();
    }
}
